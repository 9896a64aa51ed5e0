import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { testPrompts } from '../support/harness';
import { speakable } from '../../src/twiml/speakable';

const ROOT = path.join(__dirname, '..', '..');
const en = testPrompts().en;

/** `npm run call -- ...args`, as staff would run it (npm itself left out, to keep the test quick). */
async function runCall(args: string[], env: NodeJS.ProcessEnv = process.env) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', 'src/phone/cli.ts', ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run call', () => {
  it('runs a scripted call without a keyboard, prints the transcript and exits 0', async () => {
    const { code, stdout } = await runCall(['--say', 'how much does it cost', '--press', '0']);
    expect(code).toBe(0);
    expect(stdout).toContain(speakable(en.topics.cost.answer, en.spokenAs));
    expect(stdout).toContain(en.transfer.connecting);
    expect(stdout).toContain('connected');
  });

  it('prints the events as JSON for machines', async () => {
    const { code, stdout } = await runCall(['--json', '--press', '8', '--dial', 'busy']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ ok: true, reason: 'caller-hangup', problems: [] });
    expect(out.events).toContainEqual(expect.objectContaining({ type: 'input', action: { kind: 'keys', digits: '8' } }));
    expect(out.events).toContainEqual(expect.objectContaining({ type: 'say', text: en.invalidKey }));
  });

  it('exits 1 when the call ends before the script does', async () => {
    const { code, stdout } = await runCall(['--silence', '--silence', '--silence', '--press', '1']);
    expect(code).toBe(1);
    expect(stdout).toContain('The call ended before the script did; not used: presses 1');
  });

  it('refuses a mistake on the command line with exit 2', async () => {
    const { code, stderr } = await runCall(['--dial', 'maybe']);
    expect(code).toBe(2);
    expect(stderr).toContain('--dial takes answered, no-answer, busy, failed');
  });

  it('says plainly when espeak-ng is missing for --voice, and carries on', async () => {
    const { code, stderr, stdout } = await runCall(['--voice', '--hangup'], { ...process.env, PATH: path.join(ROOT, 'no-such-dir') });
    expect(stderr).toContain('espeak-ng is not installed, so --voice cannot make sound; the call goes on as text.');
    expect(stdout).toContain(speakable(en.greeting, en.spokenAs));
    expect(code).toBe(0);
  });

  it('names the bad setting when the line cannot start', async () => {
    const { code, stderr } = await runCall(['--set', 'INTAKE_NUMBERS=5551234', '--hangup']);
    expect(code).toBe(1);
    expect(stderr).toContain('INTAKE_NUMBERS is not valid');
  });
});
