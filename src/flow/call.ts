import { promptsFor, type PromptLibrary } from '../content/load';
import type { Prompts } from '../content/schema';
import { isTopicId, type Intent, type TopicId } from '../content/topics';
import type { Schedule } from '../intake/hours';
import type { Matcher } from '../speech/matcher';
import { listen, listeningReply, newResponse, say, type VoiceResponse } from '../twiml/verbs';
import { closedNotice, crisisFollowUp, dialEnded, handOff } from './intake';
import { intentForKeys } from './keypad';
import { otherLanguage, otherPrompts } from './language';
import type { Links } from './links';
import type { CallState } from './state';

/** On the third silence or miss in a row the line stops asking. */
export const GIVE_UP_AFTER = 3;

export interface FlowContext {
  prompts: PromptLibrary;
  matcherFor(lang: CallState['lang']): Matcher;
  intakeNumbers: readonly string[];
  links: Links;
  /** When intake takes calls (src/intake/hours.ts). Without it, intake is always open. */
  schedule?: Schedule;
  /** An on-call phone or answering service, dialled instead of voicemail while intake is closed. */
  afterHoursNumber?: string;
  /** The clinic's clock, so tests can fix "now". Defaults to real time. */
  clock?: () => Date;
  /** This request's caller, shown to staff as the Dial's callerId; unset when withheld. */
  callerId?: string;
}

/** What the caller did at a Gather. */
export type CallerInput =
  | { kind: 'keys'; digits: string }
  | { kind: 'speech'; transcript: string; confidence?: number }
  | { kind: 'silence' };

export interface DialResult {
  /** DialCallStatus: completed, answered, busy, no-answer, failed, canceled. */
  status: string;
  /** DialBridged, when Twilio sends it: whether the caller was actually connected. */
  bridged?: boolean;
}

/** A reply, and a word for the log about what the line did (never what the caller said). */
export interface Reply {
  /** The TwiML, built, or already rendered as text (see listeningReply); toString() gives the text. */
  twiml: VoiceResponse | string;
  outcome: string;
}

// ---- The call, in the order a caller meets it -------------------------------------------------

export function greet(ctx: FlowContext, state: CallState): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  return { twiml: ask(ctx, state, [prompts.greeting, ...closedNotice(ctx, state), prompts.menu], OFFER_LANGUAGE), outcome: 'greeting' };
}

export function handleInput(ctx: FlowContext, state: CallState, input: CallerInput): Reply {
  if (input.kind === 'silence') return handleSilence(ctx, state);
  const intent =
    input.kind === 'keys'
      ? intentForKeys(input.digits)
      : ctx.matcherFor(state.lang).match(input.transcript, input.confidence).intent;
  // Without the other language's prompts file, 9 or "español" is just a choice the line does not have.
  if (intent === null || (intent === 'language' && !otherPrompts(ctx.prompts, state.lang))) return handleMiss(ctx, state, input.kind);
  return act(ctx, { ...state, silence: 0, miss: 0 }, intent);
}

export function handleSilence(ctx: FlowContext, state: CallState): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  // Someone who heard the crisis message and then says nothing is not left alone with a menu.
  if (state.last === 'crisis') return handOff(ctx, state, 'crisis-silence');
  const next = { ...state, silence: state.silence + 1 };
  if (next.silence >= GIVE_UP_AFTER) return goodbye(prompts, prompts.silence.goodbye, 'hangup-silence');
  const words = next.silence === 1 ? [prompts.silence.first] : [prompts.silence.second, prompts.menu];
  return { twiml: ask(ctx, next, words, OFFER_LANGUAGE), outcome: `silence-${next.silence}` };
}

/** Bridged: done. Nobody could pick up: a message for the team (src/flow/intake.ts). */
export function handleDialResult(ctx: FlowContext, state: CallState, result: DialResult): Reply {
  return dialEnded(ctx, state, result);
}

// ---- What each choice does ---------------------------------------------------------------------

function act(ctx: FlowContext, state: CallState, intent: Intent): Reply {
  if (isTopicId(intent)) return answer(ctx, state, intent);
  switch (intent) {
    case 'intake':
      return handOff(ctx, state, 'transfer');
    case 'crisis':
      return crisis(ctx, state);
    case 'menu':
      return menu(ctx, state);
    case 'repeat':
      return repeat(ctx, state);
    case 'language':
      return switchLanguage(ctx, state);
  }
}

function answer(ctx: FlowContext, state: CallState, topic: TopicId, outcome = `answer-${topic}`): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  const asked = state.asked.includes(topic) ? state.asked : [...state.asked, topic];
  const next: CallState = { ...state, last: topic, asked };
  return { twiml: ask(ctx, next, [prompts.topics[topic].answer, prompts.followUp]), outcome };
}

function menu(ctx: FlowContext, state: CallState): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  return { twiml: ask(ctx, { ...state, last: 'menu' }, [prompts.menu]), outcome: 'menu' };
}

function repeat(ctx: FlowContext, state: CallState): Reply {
  if (isTopicId(state.last)) return answer(ctx, state, state.last, 'repeat');
  if (state.last === 'crisis') return crisis(ctx, state);
  return menu(ctx, state);
}

/** The crisis words are said before the Gather, so a stray key cannot cut them off. */
function crisis(ctx: FlowContext, state: CallState): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  const next: CallState = { ...state, last: 'crisis' };
  const twiml = newResponse();
  say(twiml, prompts, prompts.crisis);
  say(listen(twiml, prompts, ctx.links.listening(next)), prompts, crisisFollowUp(ctx, next));
  return { twiml, outcome: 'crisis' };
}

/**
 * From here on the call is in the other language: the greeting again (its safety line, in words the
 * caller understands), the way back, and the menu. Someone who had just heard the crisis message
 * hears it again in the new language instead.
 */
function switchLanguage(ctx: FlowContext, state: CallState): Reply {
  const next: CallState = { ...state, lang: otherLanguage(state.lang), last: 'menu' };
  const outcome = `language-${next.lang}`;
  if (state.last === 'crisis') return { ...crisis(ctx, next), outcome };
  const prompts = promptsFor(ctx.prompts, next.lang);
  return { twiml: ask(ctx, next, [prompts.greeting, ...closedNotice(ctx, next), prompts.menu], OFFER_LANGUAGE), outcome };
}

function handleMiss(ctx: FlowContext, state: CallState, kind: 'keys' | 'speech'): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  // As with silence: someone who heard the crisis message and then says something the line cannot
  // use ("I don't know", "no sé") is put through to a person, not read a menu.
  if (state.last === 'crisis') return handOff(ctx, state, 'crisis-unclear');
  const next = { ...state, silence: 0, miss: state.miss + 1 };
  if (next.miss >= GIVE_UP_AFTER) return handOff(ctx, next, 'transfer-after-misses', prompts.notUnderstood.third);
  let words: string[];
  if (kind === 'keys') words = [prompts.invalidKey, prompts.menu];
  else if (next.miss === 1) words = [prompts.notUnderstood.first];
  else words = [prompts.notUnderstood.second, prompts.menu];
  return { twiml: ask(ctx, next, words, OFFER_LANGUAGE), outcome: `miss-${next.miss}` };
}

function goodbye(prompts: Prompts, words: string, outcome: string): Reply {
  const twiml = newResponse();
  say(twiml, prompts, words);
  twiml.hangup();
  return { twiml, outcome };
}

interface AskOptions {
  /**
   * Also offer the other language, in its own voice, right after the first line: at the greeting
   * and whenever a caller seems stuck (silence, a wrong key, words the line could not place), since
   * a caller who does not understand this language is stuck in exactly those ways.
   */
  offerLanguage?: boolean;
}
const OFFER_LANGUAGE: AskOptions = { offerLanguage: true };

/** Speaks `words` inside a Gather that listens for the next key or sentence, then handles silence. */
function ask(ctx: FlowContext, state: CallState, words: readonly string[], options: AskOptions = {}): string {
  const prompts = promptsFor(ctx.prompts, state.lang);
  const offer = options.offerLanguage ? otherPrompts(ctx.prompts, state.lang) : undefined;
  return listeningReply(prompts, ctx.links.listening(state), words, offer);
}
