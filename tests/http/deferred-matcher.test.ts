import { buildDeferredMatchers } from '../../src/app';
import type { Prompts } from '../../src/content/schema';
import { buildMatcher, type Matcher } from '../../src/speech/matcher';
import { speakable } from '../../src/twiml/speakable';
import { INTAKE_A, INTAKE_B, callParams, makeHarness, twilioPost } from '../support/harness';
import { find, findAll, parseTwiml, spoken } from '../support/twiml';

// Counts how often each language's matcher is built, and can make the Spanish one fail to build. (Apps
// the harness makes share one build of each prompts set; these tests give the app a builder of their own.)
const built: string[] = [];
let spanishBuildFails = false;
function countingBuild(prompts: Prompts): Matcher {
  built.push(prompts.locale);
  if (spanishBuildFails && prompts.locale.startsWith('es')) throw new Error('the Spanish matcher could not be built');
  return buildMatcher(prompts);
}
const countingHarness = () => makeHarness({}, { buildMatcher: countingBuild });

const SPANISH_TURN = '/voice/turn?lang=es&last=menu&asked=&silence=0&miss=0';

beforeEach(() => {
  built.length = 0;
  spanishBuildFails = false;
});

describe("the other language's matcher is not built before the line answers", () => {
  it('only English is built with the app; Spanish once, when the server asks for it after its first request', () => {
    const { app } = countingHarness();
    expect(built).toEqual(['en-US']);
    buildDeferredMatchers(app);
    buildDeferredMatchers(app);
    expect(built).toEqual(['en-US', 'es-US']);
  });

  it('a Spanish caller who comes first has it built on the spot, once, and is understood', async () => {
    const harness = countingHarness();
    const es = harness.prompts.es!;
    for (let turn = 0; turn < 2; turn++) {
      const res = await twilioPost(harness.app, SPANISH_TURN, callParams({ SpeechResult: 'cuánto cuesta el programa' }));
      expect(spoken(parseTwiml(res.text))).toContain(speakable(es.topics.cost.answer, es.spokenAs));
    }
    expect(built).toEqual(['en-US', 'es-US']);
  });

  it('a build that fails offers the Spanish caller a person, in Spanish, and is not tried again on every turn', async () => {
    spanishBuildFails = true;
    const harness = countingHarness();
    const es = harness.prompts.es!;
    expect(() => buildDeferredMatchers(harness.app)).toThrow('could not be built');
    for (let turn = 0; turn < 2; turn++) {
      const res = await twilioPost(harness.app, SPANISH_TURN, callParams({ SpeechResult: 'cuánto cuesta' }));
      expect(res.status).toBe(200);
      const reply = parseTwiml(res.text);
      expect(spoken(reply)).toContain(speakable(es.technicalProblem, es.spokenAs));
      expect(findAll(find(reply, 'Dial')!, 'Number').map((n) => n.text)).toEqual([INTAKE_A, INTAKE_B]);
    }
    expect(built).toEqual(['en-US', 'es-US']);
    // English callers are not touched by it.
    const english = await twilioPost(harness.app, '/voice/turn', callParams({ SpeechResult: 'how much does it cost' }));
    expect(spoken(parseTwiml(english.text))).toContain('insurance');
  });
});
