import { encodeState, type CallState } from './state';

/** The webhook paths, relative to PUBLIC_BASE_URL. One list, used by the routes and by the TwiML. */
export const PATHS = {
  incoming: '/voice',
  turn: '/voice/turn',
  silence: '/voice/silence',
  dialResult: '/voice/dial-result',
  fallback: '/voice/fallback',
  /** TwiML for the staff member's leg before the bridge, and where their key goes. */
  whisper: '/voice/whisper',
  whisperAccept: '/voice/whisper/accept',
  /** The <Record> action: the caller left a message. */
  voicemail: '/voice/voicemail',
  /** Callbacks, answered 204: the recording is ready; the call has ended (the number's status callback). */
  recording: '/voice/recording',
  status: '/voice/status',
} as const;

export interface Links {
  /**
   * The two links of a reply that listens: where the caller's key or sentence goes, and where
   * silence goes. One encoding of the state serves both.
   */
  listening(state: CallState): { action: string; onSilence: string };
  dialResult(state: CallState): string;
  whisper(state: CallState): string;
  whisperAccept(): string;
  voicemail(state: CallState): string;
  recording(state: CallState): string;
}

/**
 * Action URLs are written as paths under PUBLIC_BASE_URL's own path (for a base of
 * https://host/iop, "/iop/voice/turn?..."): Twilio resolves them against the URL it just called,
 * so they stay right behind a proxy and in the local simulator alike.
 */
export function makeLinks(publicBaseUrl: string): Links {
  const prefix = new URL(publicBaseUrl).pathname.replace(/\/+$/, '');
  const link = (path: string) => (state: CallState) => `${prefix}${path}?${encodeState(state)}`;
  return {
    listening: (state) => {
      const query = encodeState(state);
      return { action: `${prefix}${PATHS.turn}?${query}`, onSilence: `${prefix}${PATHS.silence}?${query}` };
    },
    dialResult: link(PATHS.dialResult),
    whisper: link(PATHS.whisper),
    whisperAccept: () => `${prefix}${PATHS.whisperAccept}`,
    voicemail: link(PATHS.voicemail),
    recording: link(PATHS.recording),
  };
}
