import { listen, newResponse, SPEECH_MODEL } from '../../src/twiml/verbs';
import { testPrompts } from '../support/harness';
import { find, parseTwiml } from '../support/twiml';

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
