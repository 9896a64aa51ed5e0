import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { WORDS_PER_MINUTE } from '../twiml/speakable';
import type { PhoneEvent } from './call';

const ESPEAK = 'espeak-ng';

/** espeak-ng's voice for a Twilio language tag (en-US → en-us); English when it has none. */
function espeakVoice(language: string | undefined): string {
  return (language ?? 'en-US').toLowerCase();
}

export function espeakInstalled(): boolean {
  const probe = spawnSync(ESPEAK, ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Runs espeak-ng; resolves with what it printed on stderr (it exits 0 even when it cannot play). */
function run(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(ESPEAK, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', (err) => resolve(err.message));
    child.on('close', () => resolve(stderr));
  });
}

export interface VoiceOptions {
  /** Speak each prompt aloud as the call goes. */
  speak: boolean;
  /** Write one WAV per turn into this folder. */
  wavDir?: string;
  /** Where to say that sound cannot be played here. */
  warn: (message: string) => void;
}

/**
 * Lets staff hear the pacing: speaks the prompts with espeak-ng at the rate the line plans for
 * (150 words a minute), and/or writes each turn (one reply of the line: its prompts and pauses)
 * to turn-NN.wav, turn-NN-staff.wav for the whisper.
 */
export class Voice {
  private turn = 0;
  /** Pieces of one turn already written (a Gather that falls through speaks again in the same turn). */
  private piece = 0;
  private parts: string[] = [];
  private leg: 'caller' | 'staff' = 'caller';
  private language: string | undefined;
  readonly written: string[] = [];
  private speaking: boolean;

  constructor(private readonly options: VoiceOptions) {
    this.speaking = options.speak;
    if (options.wavDir) fs.mkdirSync(options.wavDir, { recursive: true });
  }

  private async speak(text: string, language: string | undefined): Promise<void> {
    const stderr = await run(['-v', espeakVoice(language), '-s', String(WORDS_PER_MINUTE), text]);
    if (/error/i.test(stderr)) {
      this.speaking = false;
      const hint = this.options.wavDir ? '' : '; --wav DIR writes the prompts to files instead';
      this.options.warn(`espeak-ng cannot play sound here (${stderr.trim().split('\n').at(-1)})${hint}. The call goes on as text.`);
    }
  }

  readonly onEvent = async (event: PhoneEvent): Promise<void> => {
    switch (event.type) {
      case 'webhook':
        if (event.purpose.endsWith('callback')) return;
        await this.flush();
        this.turn += 1;
        this.piece = 0;
        this.leg = event.leg;
        return;
      case 'say':
        this.language ??= event.language;
        for (let i = 0; i < event.loop; i++) this.parts.push(escapeXml(event.text));
        if (this.speaking) await this.speak(event.text, event.language);
        return;
      case 'pause':
        this.parts.push(`<break time="${event.seconds}s"/>`);
        return;
      case 'listen':
      case 'dial':
      case 'record':
      case 'end':
        await this.flush();
        return;
    }
  };

  private async flush(): Promise<void> {
    const parts = this.parts;
    this.parts = [];
    if (!this.options.wavDir || parts.length === 0) return;
    const piece = this.piece++ ? `-${this.piece}` : '';
    const name = `turn-${String(this.turn).padStart(2, '0')}${this.leg === 'staff' ? '-staff' : ''}${piece}.wav`;
    const file = path.join(this.options.wavDir, name);
    const ssml = `<speak>${parts.join(' <break time="300ms"/> ')}</speak>`;
    await run(['-m', '-v', espeakVoice(this.language), '-s', String(WORDS_PER_MINUTE), '-w', file, ssml]);
    if (fs.existsSync(file)) this.written.push(file);
  }
}
