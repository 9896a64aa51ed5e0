import { LANGUAGES, type Language, type PromptLibrary } from '../content/load';
import type { Prompts } from '../content/schema';

/**
 * The line speaks two languages, so "the other language" is all a caller ever asks for: key 9, or
 * "español" in English and "inglés" in Spanish. A third language would need a choice, not a switch.
 */
export function otherLanguage(lang: Language): Language {
  return LANGUAGES.find((l) => l !== lang)!;
}

/** The other language's prompts, or undefined when its file is absent (then the line is one language and offers none). */
export function otherPrompts(library: PromptLibrary, lang: Language): Prompts | undefined {
  return library[otherLanguage(lang)];
}
