import { promptsFor, type PromptLibrary } from '../content/load';
import type { Prompts } from '../content/schema';
import { isTopicId, type Intent, type TopicId } from '../content/topics';
import type { Matcher } from '../speech/matcher';
import { dialAll, listen, listeningReply, newResponse, say, type VoiceResponse } from '../twiml/verbs';
import { intentForKeys } from './keypad';
import type { Links } from './links';
import type { CallState } from './state';

/** On the third silence or miss in a row the line stops asking. */
export const GIVE_UP_AFTER = 3;

export interface FlowContext {
  prompts: PromptLibrary;
  matcherFor(lang: CallState['lang']): Matcher;
  intakeNumbers: readonly string[];
  links: Links;
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
  return { twiml: ask(ctx, state, [prompts.greeting, prompts.menu]), outcome: 'greeting' };
}

export function handleInput(ctx: FlowContext, state: CallState, input: CallerInput): Reply {
  if (input.kind === 'silence') return handleSilence(ctx, state);
  const intent =
    input.kind === 'keys'
      ? intentForKeys(input.digits)
      : ctx.matcherFor(state.lang).match(input.transcript, input.confidence).intent;
  if (intent === null) return handleMiss(ctx, state, input.kind);
  return act(ctx, { ...state, silence: 0, miss: 0 }, intent);
}

export function handleSilence(ctx: FlowContext, state: CallState): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  // Someone who heard the crisis message and then says nothing is not left alone with a menu.
  if (state.last === 'crisis') return transfer(ctx, state, 'crisis-silence');
  const next = { ...state, silence: state.silence + 1 };
  if (next.silence >= GIVE_UP_AFTER) return goodbye(prompts, prompts.silence.goodbye, 'hangup-silence');
  const words = next.silence === 1 ? [prompts.silence.first] : [prompts.silence.second, prompts.menu];
  return { twiml: ask(ctx, next, words), outcome: `silence-${next.silence}` };
}

export function handleDialResult(ctx: FlowContext, state: CallState, result: DialResult): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  const connected = result.bridged ?? (result.status === 'completed' || result.status === 'answered');
  if (connected) {
    const twiml = newResponse();
    twiml.hangup();
    return { twiml, outcome: 'transferred' };
  }
  const next = { ...state, last: 'menu' as const, silence: 0, miss: 0 };
  return { twiml: ask(ctx, next, [prompts.transfer.noAnswer, prompts.menu]), outcome: `dial-${result.status}` };
}

// ---- What each choice does ---------------------------------------------------------------------

function act(ctx: FlowContext, state: CallState, intent: Intent): Reply {
  if (isTopicId(intent)) return answer(ctx, state, intent);
  switch (intent) {
    case 'intake':
      return transfer(ctx, state, 'transfer');
    case 'crisis':
      return crisis(ctx, state);
    case 'menu':
      return menu(ctx, state);
    case 'repeat':
      return repeat(ctx, state);
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
  say(listen(twiml, prompts, { action: ctx.links.turn(next), onSilence: ctx.links.silence(next) }), prompts, prompts.crisisFollowUp);
  return { twiml, outcome: 'crisis' };
}

function handleMiss(ctx: FlowContext, state: CallState, kind: 'keys' | 'speech'): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  const next = { ...state, silence: 0, miss: state.miss + 1 };
  if (next.miss >= GIVE_UP_AFTER) return transfer(ctx, next, 'transfer-after-misses', prompts.notUnderstood.third);
  let words: string[];
  if (kind === 'keys') words = [prompts.invalidKey, prompts.menu];
  else if (next.miss === 1) words = [prompts.notUnderstood.first];
  else words = [prompts.notUnderstood.second, prompts.menu];
  return { twiml: ask(ctx, next, words), outcome: `miss-${next.miss}` };
}

/** Puts the caller through to intake, after `words` (by default, that they are being connected). */
export function transfer(ctx: FlowContext, state: CallState, outcome: string, words?: string): Reply {
  const prompts = promptsFor(ctx.prompts, state.lang);
  const twiml = newResponse();
  say(twiml, prompts, words ?? prompts.transfer.connecting);
  dialAll(twiml, { numbers: ctx.intakeNumbers, action: ctx.links.dialResult(state) });
  return { twiml, outcome };
}

function goodbye(prompts: Prompts, words: string, outcome: string): Reply {
  const twiml = newResponse();
  say(twiml, prompts, words);
  twiml.hangup();
  return { twiml, outcome };
}

/** Speaks `words` inside a Gather that listens for the next key or sentence, then handles silence. */
function ask(ctx: FlowContext, state: CallState, words: readonly string[]): string {
  const prompts = promptsFor(ctx.prompts, state.lang);
  return listeningReply(prompts, { action: ctx.links.turn(state), onSilence: ctx.links.silence(state) }, words);
}
