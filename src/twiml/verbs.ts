// Only the TwiML builder, not the whole twilio package: the REST client it would bring along costs
// ~150 ms at start-up and ~7 MB of heap that the webhooks never use.
import TwilioVoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Prompts } from '../content/schema';
import { perObject } from '../per-object';
import { speakable } from './speakable';

export type VoiceResponse = TwilioVoiceResponse;
type Gather = ReturnType<VoiceResponse['gather']>;
type Dial = ReturnType<VoiceResponse['dial']>;

/** Seconds of silence after a prompt before Twilio gives up on the Gather and runs the Redirect. */
export const GATHER_TIMEOUT_SECONDS = 5;
/**
 * How Twilio listens for speech (TwiML <Gather> docs, and warnings 13330, 13335, 13339):
 * - speechModel `phone_call`: the generic model for telephone audio. Choosing a generic model rather
 *   than a provider-specific one leaves the provider to Twilio, with its failover during an outage.
 * - speechTimeout: with any speechModel set, Twilio wants whole seconds, not `auto` (warning 13335).
 *   Two seconds let an anxious caller pause mid-question ("um... how much") without being cut off,
 *   and the answer still follows promptly.
 * - `enhanced` is not set: Twilio marks it deprecated, for Google's old phone_call model only (13339).
 * - hints come from the prompts file: the words the answers hinge on (IOP, insurance, drug test),
 *   which a recognizer would otherwise mishear; the schema keeps them within Twilio's limits (13330).
 */
export const SPEECH_MODEL = 'phone_call';
export const SPEECH_TIMEOUT_SECONDS = 2;
/** How long intake phones ring before the caller is told nobody could pick up. */
export const DIAL_TIMEOUT_SECONDS = 25;

export function newResponse(): VoiceResponse {
  return new TwilioVoiceResponse();
}

/** Speaks prompt text in the language's voice, with its pronunciations and digit-by-digit numbers. */
export function say(parent: VoiceResponse | Gather, prompts: Prompts, text: string): void {
  parent.say({ voice: prompts.voice as never, language: prompts.locale as never }, spokenForm(prompts, text));
}

/** Prompt texts are few and fixed, so each is made speakable once, not on every webhook. */
const SPOKEN_CACHE_LIMIT = 1000;
const spokenCache = perObject((_: Prompts) => new Map<string, string>());

function spokenForm(prompts: Prompts, text: string): string {
  const cache = spokenCache(prompts);
  let spoken = cache.get(text);
  if (spoken === undefined) {
    spoken = speakable(text, prompts.spokenAs);
    // A bound, in case text that is not from the prompts ever comes through here.
    if (cache.size < SPOKEN_CACHE_LIMIT) cache.set(text, spoken);
  }
  return spoken;
}

export interface ListenOptions {
  /** Where Twilio posts the key or the sentence. */
  action: string;
  /** Where silence goes: every Gather is followed by a Redirect, so silence never ends the call. */
  onSilence: string;
}

/**
 * A Gather that accepts one key or a sentence, with the prompts spoken inside it so the caller can
 * interrupt at any time. Returns the Gather so the caller of this function adds what it says.
 */
export function listen(response: VoiceResponse, prompts: Prompts, options: ListenOptions): Gather {
  const gather = response.gather({
    input: ['dtmf', 'speech'],
    action: options.action,
    method: 'POST',
    numDigits: 1,
    timeout: GATHER_TIMEOUT_SECONDS,
    speechModel: SPEECH_MODEL,
    speechTimeout: String(SPEECH_TIMEOUT_SECONDS),
    language: prompts.locale as never,
    hints: prompts.hints.join(', '),
  });
  response.redirect({ method: 'POST' }, options.onSilence);
  return gather;
}

/**
 * Distinct listening replies kept per prompts set (about 2 kB each). Real calls reach a few hundred
 * to a few thousand states; past the bound the cache simply starts over.
 */
const RENDERED_LIMIT = 2000;

interface RenderedReplies {
  /**
   * A number for each text spoken, so that a reply's key is short: keyed by the texts themselves
   * (several hundred characters), every webhook paid for building, hashing and comparing them.
   */
  textIds: Map<string, number>;
  replies: Map<string, string>;
}
const renderedCache = perObject((_: Prompts): RenderedReplies => ({ textIds: new Map(), replies: new Map() }));

/**
 * The whole reply of a turn that speaks `words` and listens (listen() and say() above), as TwiML
 * text; with `offer`, the other language's offer of itself follows the first line, in its own voice.
 * Most webhooks answer with one of these, and twilio's builder makes a throwaway XML document for
 * every verb in it; the same words and links always give the same text, so each is rendered once
 * and reused.
 */
export function listeningReply(prompts: Prompts, options: ListenOptions, words: readonly string[], offer?: Prompts): string {
  const cache = renderedCache(prompts);
  // Past the bound it all starts over, ids with the replies, so that an id never stands for two texts.
  if (cache.replies.size >= RENDERED_LIMIT || cache.textIds.size >= RENDERED_LIMIT) {
    cache.replies.clear();
    cache.textIds.clear();
  }
  const { textIds } = cache;
  const ids = words.map((text) => {
    let id = textIds.get(text);
    if (id === undefined) textIds.set(text, (id = textIds.size));
    return id;
  });
  const key = `${options.action}\n${options.onSilence}\n${offer?.locale ?? ''}\n${ids.join(' ')}`;
  let xml = cache.replies.get(key);
  if (xml === undefined) {
    const response = newResponse();
    const gather = listen(response, prompts, options);
    words.forEach((text, i) => {
      say(gather, prompts, text);
      if (i === 0 && offer) say(gather, offer, offer.languageOffer);
    });
    xml = response.toString();
    cache.replies.set(key, xml);
  }
  return xml;
}

export interface DialOptions {
  numbers: readonly string[];
  /** Where Twilio reports how the Dial ended; without it, the verbs after the Dial run instead. */
  action?: string;
  /** The number the person rung sees: the caller's own, so staff can call back if the line drops. */
  callerId?: string;
  /** TwiML run on the answering person's leg before the two are connected (the intake whisper). */
  whisperUrl?: string;
}

/**
 * Rings every intake number at once; the first to answer gets the caller. answerOnBridge keeps the
 * caller hearing ringing, not silence, until a staff member is really on the line.
 */
export function dialAll(response: VoiceResponse, options: DialOptions): Dial {
  const dial = response.dial({
    ...(options.action ? { action: options.action, method: 'POST' } : {}),
    ...(options.callerId ? { callerId: options.callerId } : {}),
    timeout: DIAL_TIMEOUT_SECONDS,
    answerOnBridge: true,
  });
  for (const number of options.numbers) {
    if (options.whisperUrl) dial.number({ url: options.whisperUrl, method: 'POST' }, number);
    else dial.number(number);
  }
  return dial;
}
