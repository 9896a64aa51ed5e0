import type { TwimlNode } from './twiml';

/** Something Twilio would refuse (an error: the call goes to the fallback URL) or log as a warning. */
export interface Problem {
  severity: 'error' | 'warning';
  /** Twilio's error or warning code, when it has one. */
  code?: number;
  message: string;
}

/** Twilio's codes for what the phone checks (twilio.com/docs/api/errors/<code>). */
export const TWILIO_ERRORS = {
  httpRetrievalFailure: 11200,
  httpConnectionFailure: 11205,
  documentParseFailure: 12100,
  schemaValidationWarning: 12200,
  invalidContentType: 12300,
} as const;

interface ElementRule {
  /** The attributes Twilio documents; null: not checked (the phone does not simulate this element). */
  attributes: readonly string[] | null;
  /** The elements allowed inside; null: not checked. */
  children: readonly string[] | null;
}

const SSML = ['break', 'emphasis', 'lang', 'p', 'phoneme', 'prosody', 's', 'say-as', 'sub', 'w'] as const;
const NOT_SIMULATED: ElementRule = { attributes: null, children: null };

/**
 * The voice verbs and Dial nouns with the attributes Twilio documents for each, as in twilio-node 6
 * (src/twiml/VoiceResponse.ts, generated from Twilio's TwiML schema) and the TwiML reference pages.
 * An attribute or element not listed is what Twilio reports as warning 12200 and ignores.
 */
export const TWIML_ELEMENTS: Readonly<Record<string, ElementRule>> = {
  Say: { attributes: ['voice', 'language', 'loop'], children: SSML },
  Play: { attributes: ['loop', 'digits'], children: [] },
  Pause: { attributes: ['length'], children: [] },
  Gather: {
    attributes: [
      'action', 'actionOnEmptyResult', 'bargeIn', 'debug', 'enhanced', 'finishOnKey', 'hints', 'input', 'language',
      'maxSpeechTime', 'method', 'numDigits', 'partialResultCallback', 'partialResultCallbackMethod', 'profanityFilter',
      'speechModel', 'speechTimeout', 'timeout',
    ],
    children: ['Say', 'Play', 'Pause'],
  },
  Redirect: { attributes: ['method'], children: [] },
  Hangup: { attributes: [], children: [] },
  Reject: { attributes: ['reason'], children: [] },
  Dial: {
    attributes: [
      'action', 'answerOnBridge', 'callerId', 'events', 'hangupOnStar', 'method', 'passports', 'record',
      'recordingConfigurationId', 'recordingStatusCallback', 'recordingStatusCallbackEvent', 'recordingStatusCallbackMethod',
      'recordingTrack', 'referMethod', 'referUrl', 'ringTone', 'sequential', 'timeLimit', 'timeout', 'trim',
    ],
    children: ['Number', 'Client', 'Conference', 'Queue', 'Sip', 'Sim', 'Application', 'WhatsApp'],
  },
  Number: {
    attributes: [
      'amdStatusCallback', 'amdStatusCallbackMethod', 'byoc', 'machineDetection', 'machineDetectionSilenceTimeout',
      'machineDetectionSpeechEndThreshold', 'machineDetectionSpeechThreshold', 'machineDetectionTimeout', 'method',
      'sendDigits', 'statusCallback', 'statusCallbackEvent', 'statusCallbackMethod', 'url',
    ],
    children: [],
  },
  Record: {
    attributes: [
      'action', 'finishOnKey', 'maxLength', 'method', 'playBeep', 'recordingConfigurationId', 'recordingStatusCallback',
      'recordingStatusCallbackEvent', 'recordingStatusCallbackMethod', 'timeout', 'transcribe', 'transcribeCallback', 'trim',
    ],
    children: [],
  },
  // Verbs and nouns Twilio knows that the phone does not play out; it says so when it meets one.
  Client: NOT_SIMULATED,
  Conference: NOT_SIMULATED,
  Queue: NOT_SIMULATED,
  Sip: NOT_SIMULATED,
  Sim: NOT_SIMULATED,
  Application: NOT_SIMULATED,
  WhatsApp: NOT_SIMULATED,
  Connect: NOT_SIMULATED,
  Enqueue: NOT_SIMULATED,
  Leave: NOT_SIMULATED,
  Pay: NOT_SIMULATED,
  Prompt: NOT_SIMULATED,
  Refer: NOT_SIMULATED,
  Start: NOT_SIMULATED,
  Stop: NOT_SIMULATED,
  Sms: NOT_SIMULATED,
  Echo: NOT_SIMULATED,
};

/** What may stand directly inside <Response>. */
const VERBS = [
  'Say', 'Play', 'Pause', 'Gather', 'Redirect', 'Hangup', 'Reject', 'Dial', 'Record',
  'Connect', 'Enqueue', 'Leave', 'Pay', 'Prompt', 'Refer', 'Start', 'Stop', 'Sms', 'Echo',
];

export type Leg = 'caller' | 'staff';

/**
 * Checks a parsed document against the table above. `leg` is whose call runs it: the TwiML of a
 * <Number url> (the whisper to staff) may not contain <Dial>.
 */
export function checkTwiml(response: TwimlNode, leg: Leg): Problem[] {
  const problems: Problem[] = [];
  const warn = (message: string) => problems.push({ severity: 'warning', code: TWILIO_ERRORS.schemaValidationWarning, message });

  for (const name of Object.keys(response.attrs)) warn(`<Response> has no attribute "${name}"`);
  for (const verb of response.children) {
    if (!VERBS.includes(verb.name)) {
      warn(`<${verb.name}> is not a TwiML voice verb${caseHint(verb.name, VERBS)}`);
      continue;
    }
    if (leg === 'staff' && verb.name === 'Dial') {
      problems.push({ severity: 'error', message: 'the TwiML of a <Number url> (the whisper) may not contain <Dial>' });
    }
    checkElement(verb, warn);
  }
  return problems;
}

function checkElement(node: TwimlNode, warn: (message: string) => void): void {
  const rule = TWIML_ELEMENTS[node.name];
  if (!rule) return;
  if (rule.attributes) {
    for (const name of Object.keys(node.attrs)) {
      if (!rule.attributes.includes(name)) warn(`<${node.name}> has no attribute "${name}"${caseHint(name, rule.attributes)}`);
    }
  }
  if (rule.children) {
    for (const child of node.children) {
      if (!rule.children.includes(child.name)) {
        warn(`<${child.name}> is not allowed inside <${node.name}>${caseHint(child.name, rule.children)}`);
      } else if (TWIML_ELEMENTS[child.name]) {
        checkElement(child, warn);
      }
    }
  }
}

/** TwiML is case-sensitive: <say> and numdigits are the commonest slips. */
function caseHint(name: string, known: readonly string[]): string {
  const match = known.find((k) => k.toLowerCase() === name.toLowerCase());
  return match ? ` (did you mean "${match}"? TwiML is case-sensitive)` : '';
}
