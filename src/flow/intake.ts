import { promptsFor } from '../content/load';
import type { Prompts } from '../content/schema';
import { fillIn, spokenList } from '../content/template';
import { describeHours, describeOpening, isIntakeOpen, nextOpening } from '../intake/hours';
import { dialAll, listen, newResponse, say } from '../twiml/verbs';
import type { DialResult, FlowContext, Reply } from './call';
import type { CallState } from './state';

/**
 * The hand-off to a person, as a clinic needs it: a warm transfer while intake is open (every
 * intake phone rings; whoever answers hears who is calling and what they asked, and presses 1),
 * the after-hours line or a voicemail while it is closed, and a voicemail whenever nobody could
 * pick up. Nobody who asks for a person is ever left without one of these.
 */

/** Seconds the staff member has, after the whisper starts, to press the accept key. */
export const WHISPER_TIMEOUT_SECONDS = 8;
/** The key that takes the call. */
export const ACCEPT_KEY = '1';
/** Longest voicemail: two minutes is plenty for a name, a number and a good time to call. */
export const VOICEMAIL_MAX_SECONDS = 120;
/** Silence that ends a voicemail; longer than Twilio's 5 s default because callers pause to think. */
export const VOICEMAIL_SILENCE_SECONDS = 8;

function now(ctx: FlowContext): Date {
  return ctx.clock ? ctx.clock() : new Date();
}

/** Whether intake takes calls at `at`. Without a schedule, intake is always open. */
export function intakeOpen(ctx: FlowContext, at: Date = now(ctx)): boolean {
  return ctx.schedule ? isIntakeOpen(ctx.schedule, at) : true;
}

/** When intake opens next, as said to the caller ("tomorrow at 8 AM"), or undefined if it never does. */
function nextOpeningWords(ctx: FlowContext, prompts: Prompts, at: Date): string | undefined {
  if (!ctx.schedule) return undefined;
  const opening = nextOpening(ctx.schedule, at);
  return opening ? describeOpening(ctx.schedule, opening, at, prompts.locale, prompts.hours) : undefined;
}

/** What the greeting adds while intake is closed: when it is back, and its hours. Nothing while open. */
export function closedNotice(ctx: FlowContext, state: CallState): string[] {
  const at = now(ctx);
  if (!ctx.schedule || intakeOpen(ctx, at)) return [];
  const prompts = promptsFor(ctx.prompts, state.lang);
  const opening = nextOpeningWords(ctx, prompts, at);
  if (!opening) return [prompts.closed.never];
  const words = [fillIn(prompts.closed.greeting, { opening })];
  if (ctx.schedule.hours.kind === 'weekly') {
    words.push(fillIn(prompts.closed.hours, { hours: describeHours(ctx.schedule.hours, prompts.locale, prompts.hours) }));
  }
  return words;
}

/**
 * After the crisis message, the line offers a person. While intake is open, or an after-hours line
 * is set, that offer is a real person now. While closed with no one to ring, promising "someone on
 * our team now" would be untrue, and a person in crisis must not wait on an empty promise: they
 * hear that the team is away, that 988 answers right now, and that 0 or staying on the line leaves
 * a message for the team. The line never hangs up on them.
 */
export function crisisFollowUp(ctx: FlowContext, state: CallState): string {
  const prompts = promptsFor(ctx.prompts, state.lang);
  return intakeOpen(ctx) || ctx.afterHoursNumber ? prompts.crisisFollowUp : prompts.closed.crisisFollowUp;
}

/**
 * The caller asked for a person (or the line is handing them to one). Open: `words` (by default,
 * that they are being connected), then every intake phone rings, each with the whisper. Closed: the
 * after-hours line if there is one, else a message for the team.
 */
export function handOff(ctx: FlowContext, state: CallState, outcome: string, words?: string): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  const twiml = newResponse();
  if (intakeOpen(ctx)) {
    say(twiml, prompts, words ?? prompts.transfer.connecting);
    dialAll(twiml, {
      numbers: ctx.intakeNumbers,
      action: ctx.links.dialResult(state),
      callerId: ctx.callerId,
      whisperUrl: ctx.links.whisper(state),
    });
    return { twiml, outcome };
  }
  if (ctx.afterHoursNumber) {
    // An answering service or on-call phone takes the call as it is: no whisper to accept.
    say(twiml, prompts, prompts.afterHours.connecting);
    dialAll(twiml, { numbers: [ctx.afterHoursNumber], action: ctx.links.dialResult(state), callerId: ctx.callerId });
    return { twiml, outcome: `${outcome}-after-hours` };
  }
  return voicemail(ctx, state, [prompts.voicemail.takeMessage], `${outcome}-voicemail`);
}

/**
 * The Dial is over. DialBridged says whether the caller was really connected: a staff leg that
 * answered and then hung up at the whisper (or whose own voicemail answered) may still read
 * "completed". Only when Twilio leaves DialBridged out does DialCallStatus decide.
 * Connected: the call ends with the conversation. Otherwise (no answer, busy, failed, canceled,
 * nobody accepted): the caller hears that nobody could pick up, and leaves a message.
 */
export function dialEnded(ctx: FlowContext, state: CallState, result: DialResult): Reply {
  const connected = result.bridged ?? (result.status === 'completed' || result.status === 'answered');
  if (connected) {
    const twiml = newResponse();
    twiml.hangup();
    return { twiml, outcome: 'transferred' };
  }
  const prompts = promptsFor(ctx.prompts, state.lang);
  return voicemail(ctx, state, [prompts.transfer.noAnswer], `dial-${result.status}-voicemail`);
}

/**
 * `intro`, a short prompt, the beep, then up to two minutes of message (# to finish). Twilio posts
 * the message to the voicemail route, and says when the recording is ready at the recording route
 * (both carry the call state, so the text to staff can say what the caller asked about).
 * Twilio goes on past <Record> only when nothing was recorded: then the caller hears so and gets
 * the menu back, rather than a silent hang-up.
 */
export function voicemail(ctx: FlowContext, state: CallState, intro: readonly string[], outcome: string): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  const twiml = newResponse();
  for (const text of intro) say(twiml, prompts, text);
  if (state.last === 'crisis') say(twiml, prompts, prompts.voicemail.crisisReminder);
  say(twiml, prompts, prompts.voicemail.prompt);
  twiml.record({
    action: ctx.links.voicemail(state),
    method: 'POST',
    maxLength: VOICEMAIL_MAX_SECONDS,
    timeout: VOICEMAIL_SILENCE_SECONDS,
    finishOnKey: '#',
    playBeep: true,
    recordingStatusCallback: ctx.links.recording(state),
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: ['completed'],
  });
  // The menu's own counts start afresh; "last" leaves crisis so silence cannot loop back here.
  const next: CallState = { ...state, last: 'menu', silence: 0, miss: 0 };
  const gather = listen(twiml, prompts, ctx.links.listening(next));
  say(gather, prompts, prompts.voicemail.noMessage);
  say(gather, prompts, prompts.menu);
  return { twiml, outcome };
}

/** The caller left a message: thank them, say when they will be called back, and hang up. */
export function voicemailSaved(ctx: FlowContext, state: CallState): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  const at = now(ctx);
  const opening = intakeOpen(ctx, at) ? undefined : nextOpeningWords(ctx, prompts, at);
  const twiml = newResponse();
  say(twiml, prompts, opening ? fillIn(prompts.voicemail.thanksLater, { opening }) : prompts.voicemail.thanksSoon);
  twiml.hangup();
  return { twiml, outcome: 'voicemail-left' };
}

/**
 * What the staff member hears before the caller is put through, always in English: that this is
 * the IOP line, what the caller asked about in this call (or that they asked for a person right
 * away), whether they heard the crisis message, their language, and "press 1". The words are
 * inside the Gather so a key cuts them short. With no key the leg hangs up, so a staff member's
 * own voicemail can never swallow the caller: the caller's Dial ends unbridged and goes on.
 */
export function whisper(ctx: FlowContext, state: CallState): Reply {
  const en = ctx.prompts.en;
  const words = en.staff.whisper;
  const lines = [words.intro];
  if (state.asked.length > 0) {
    const topics = state.asked.map((topic) => en.topics[topic].label);
    lines.push(fillIn(words.askedAbout, { topics: spokenList(topics, en.hours.and) }));
  } else if (state.miss === 0) {
    lines.push(words.askedForPerson);
  }
  // Misses are reset when the line understands a request, so any left mean it handed them over.
  if (state.miss > 0) lines.push(words.notUnderstood);
  if (state.last === 'crisis') lines.push(words.crisis);
  if (state.lang !== 'en') lines.push(fillIn(words.language, { language: words.languages[state.lang] }));
  lines.push(words.accept);

  const twiml = newResponse();
  const gather = twiml.gather({
    input: ['dtmf'],
    numDigits: 1,
    timeout: WHISPER_TIMEOUT_SECONDS,
    action: ctx.links.whisperAccept(),
    method: 'POST',
  });
  for (const line of lines) say(gather, en, line);
  twiml.hangup();
  return { twiml, outcome: 'whisper' };
}

/** The staff member's key: 1 connects them (an empty document ends the whisper and bridges); anything else hangs up their leg. */
export function whisperAnswered(digits: string | undefined): Reply {
  const twiml = newResponse();
  if (digits === ACCEPT_KEY) return { twiml, outcome: 'whisper-accepted' };
  twiml.hangup();
  return { twiml, outcome: 'whisper-declined' };
}
