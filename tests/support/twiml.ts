import { findAll, type TwimlNode } from '../../src/phone/twiml';

// The parser is the local phone's (src/phone/twiml.ts): tests and the phone read TwiML the same way.
export { find, findAll, parseTwiml, type TwimlNode } from '../../src/phone/twiml';

/** Everything the caller hears from this node, in order. */
export function spoken(node: TwimlNode): string {
  return findAll(node, 'Say').map((s) => s.text).join(' ');
}

/** The verbs directly inside <Response>, in order: what Twilio will do. */
export function verbs(response: TwimlNode): string[] {
  return response.children.map((c) => c.name);
}
