import { listen, listeningReply, newResponse, SPEECH_MODEL } from '../../src/twiml/verbs';
import { testPrompts } from '../support/harness';
import { find, findAll, parseTwiml, spoken } from '../support/twiml';

const en = testPrompts().en;

function gatherAttrs() {
  const twiml = newResponse();
  listen(twiml, en, { action: '/voice/turn', onSilence: '/voice/silence' });
  return find(parseTwiml(twiml.toString()), 'Gather')!.attrs;
}

describe('how the line listens for speech', () => {
  it("uses Twilio's telephone speech model", () => {
    expect(gatherAttrs().speechModel).toBe(SPEECH_MODEL);
  });

  it('gives speechTimeout whole seconds, as Twilio requires once a speechModel is set (warning 13335)', () => {
    expect(gatherAttrs().speechTimeout).toMatch(/^[1-9]\d*$/);
  });

  it('does not ask for the deprecated enhanced model (warning 13339)', () => {
    expect(gatherAttrs().enhanced).toBeUndefined();
  });

  it("sends the prompts file's hints, comma-separated", () => {
    expect(gatherAttrs().hints!.split(',').map((h) => h.trim())).toEqual(en.hints);
    expect(en.hints).toContain('IOP');
  });
});

describe('a reply that speaks and listens', () => {
  const en = testPrompts().en;
  const links = (n: number) => ({ action: `/voice/turn?miss=${n}`, onSilence: `/voice/silence?miss=${n}` });

  it('carries its own links, even when the words are the same as a reply before it', () => {
    const first = parseTwiml(listeningReply(en, links(1), [en.menu]));
    const second = parseTwiml(listeningReply(en, links(2), [en.menu]));
    expect(find(first, 'Gather')!.attrs.action).toBe('/voice/turn?miss=1');
    expect(find(second, 'Gather')!.attrs.action).toBe('/voice/turn?miss=2');
    expect(find(second, 'Redirect')!.text).toBe('/voice/silence?miss=2');
  });

  it('says exactly the texts it is given: one text with a line break is not two texts', () => {
    const one = parseTwiml(listeningReply(en, links(3), ['First line.\nSecond line.']));
    const two = parseTwiml(listeningReply(en, links(3), ['First line.', 'Second line.']));
    expect(findAll(one, 'Say')).toHaveLength(1);
    expect(findAll(two, 'Say')).toHaveLength(2);
  });

  it('still says the right words after more distinct texts than it remembers', () => {
    // Texts without digits, which are spoken one by one.
    const text = (i: number) => `Text ${[...i.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')}.`;
    for (let i = 0; i < 2500; i++) listeningReply(en, links(4), [text(i)]);
    expect(spoken(parseTwiml(listeningReply(en, links(4), [text(7)])))).toBe(text(7));
    expect(spoken(parseTwiml(listeningReply(en, links(4), [text(2499)])))).toBe(text(2499));
    expect(spoken(parseTwiml(listeningReply(en, links(4), [text(1), text(2)])))).toBe(`${text(1)} ${text(2)}`);
  });

  it('says the words it is given, in order, whatever was said before with the same links', () => {
    const both = spoken(parseTwiml(listeningReply(en, links(0), [en.followUp, en.menu])));
    const followUp = spoken(parseTwiml(listeningReply(en, links(0), [en.followUp])));
    const menu = spoken(parseTwiml(listeningReply(en, links(0), [en.menu])));
    expect(followUp).not.toBe(menu);
    expect(both).toBe(`${followUp} ${menu}`);
  });

  it("offers the other language after the first line, in that language's voice, and only when asked to", () => {
    const es = testPrompts().es!;
    const withOffer = parseTwiml(listeningReply(en, links(0), [en.greeting, en.menu], es));
    const says = withOffer.children[0]!.children;
    expect(says.map((s) => s.attrs.voice)).toEqual([en.voice, es.voice, en.voice]);
    expect(spoken(parseTwiml(listeningReply(en, links(0), [en.greeting, en.menu])))).not.toContain(says[1]!.text);
  });
});
