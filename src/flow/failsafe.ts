import type { Prompts } from '../content/schema';
import { dialAll, newResponse, say } from '../twiml/verbs';

/**
 * When the line cannot do its normal work (an exception, or Twilio's fallback URL), the caller
 * still hears a person's way in: an apology, intake rung directly, and the number to call back.
 * It needs no call state, no matcher and no Dial action, so there is little left that can fail.
 */
export function failsafeTwiml(prompts: Prompts, intakeNumbers: readonly string[], apology: string): string {
  const twiml = newResponse();
  say(twiml, prompts, apology);
  dialAll(twiml, { numbers: intakeNumbers });
  say(twiml, prompts, prompts.fallback.callBack);
  twiml.hangup();
  return twiml.toString();
}
