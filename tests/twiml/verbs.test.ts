import { listeningReply } from '../../src/twiml/verbs';
import { testPrompts } from '../support/harness';
import { find, parseTwiml, spoken } from '../support/twiml';

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

  it('says the words it is given, in order, whatever was said before with the same links', () => {
    const both = spoken(parseTwiml(listeningReply(en, links(0), [en.followUp, en.menu])));
    const followUp = spoken(parseTwiml(listeningReply(en, links(0), [en.followUp])));
    const menu = spoken(parseTwiml(listeningReply(en, links(0), [en.menu])));
    expect(followUp).not.toBe(menu);
    expect(both).toBe(`${followUp} ${menu}`);
  });
});
