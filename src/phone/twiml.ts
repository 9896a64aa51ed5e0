import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A TwiML element as the phone (and every test) sees it: verb name, attributes, own text, children in order. */
export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: TwimlNode[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
});

type Raw = Record<string, unknown> & { ':@'?: Record<string, string> };

function toNode(raw: Raw): TwimlNode | null {
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (!name || name === '#text' || name === '?xml') return null;
  const content = (raw[name] as Raw[]) ?? [];
  const text = content.filter((c) => '#text' in c).map((c) => String(c['#text'])).join(' ');
  const children = content.map(toNode).filter((n): n is TwimlNode => n !== null);
  return { name, attrs: raw[':@'] ?? {}, text, children };
}

/** Parses a TwiML document and returns its <Response>; throws if it is not well-formed TwiML. */
export function parseTwiml(xml: string): TwimlNode {
  if (!xml.startsWith('<?xml')) throw new Error(`TwiML must start with <?xml, got: ${xml.slice(0, 40)}`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`TwiML is not well-formed XML: ${JSON.stringify(valid.err)}`);
  const nodes = (parser.parse(xml) as Raw[]).map(toNode).filter((n): n is TwimlNode => n !== null);
  const response = nodes.find((n) => n.name === 'Response');
  if (!response) throw new Error('TwiML has no <Response>');
  return response;
}

/** Every element named `name`, depth first. */
export function findAll(node: TwimlNode, name: string): TwimlNode[] {
  const found: TwimlNode[] = [];
  const walk = (n: TwimlNode) => {
    if (n.name === name) found.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return found;
}

export function find(node: TwimlNode, name: string): TwimlNode | undefined {
  return findAll(node, name)[0];
}
