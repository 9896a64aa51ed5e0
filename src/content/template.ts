/**
 * Fills a prompt's {name} placeholders. The schema (src/content/schema.ts) checks at start-up that
 * each template still holds its placeholders; a name with no value is left as written, so a
 * mistake shows up in tests instead of as silence on the phone.
 */
export function fillIn(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** "a", "a and b", "a, b and c", with the language's own word for "and". */
export function spokenList(items: readonly string[], and: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}
