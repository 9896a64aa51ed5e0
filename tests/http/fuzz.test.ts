import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import twilio from 'twilio';
import { PATHS } from '../../src/flow/links';
import { CALL_SID, INTAKE_A, INTAKE_B, PUBLIC_BASE_URL, TEST_TOKEN, makeHarness, type Harness } from '../support/harness';
import { findAll, parseTwiml, type TwimlNode } from '../support/twiml';

/**
 * Random and hostile webhooks against the real app, every one signed the way Twilio signs (or
 * deliberately not). Seeded: a failure prints the seed and a shrunk case, and reruns the same way.
 */
const SEED = 20261127;
const RUNS = 1200;

/** Put into what the caller "says" and "types", so the test can prove none of it reaches the logs. */
const CANARY = 'canary-caller-words';
const TEN_KB_TRANSCRIPT = `how much does it cost ${CANARY} `.repeat(260);
const OVER_BODY_LIMIT = 'a'.repeat(70_000);
/** What TwiML the line may answer with; anything else would mean a caller's input became a verb. */
const VERBS = new Set(['Say', 'Gather', 'Redirect', 'Dial', 'Number', 'Record', 'Hangup', 'Pause', 'Play']);

const hostileText = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      `</Say><Dial>+15550000000</Dial><Say>`,
      ']]><Hangup/><![CDATA[',
      '&amp; &lt; &#x27; &#0; <?xml version="1.0"?>',
      `"' onload="x ${CANARY}`,
      '\u0000\u0007\u001b[31m\uFFFE\uFFFF',
      '\uD800 lone surrogate',
      '😀👨‍👩‍👧 cost 💊🚑',
      '%00%zz%E0%A4%A',
      '{"CallSid":"CA1","Digits":"0"}',
      '   \t\n  ',
      'how much does it cost',
      'I want to kill myself',
      'NaN',
      '-1e309',
    ),
  },
  { weight: 1, arbitrary: fc.constant(TEN_KB_TRANSCRIPT) },
);

/** A field is absent, plausible, or hostile, in these proportions. */
const field = (plausible: fc.Arbitrary<string>, hostile: fc.Arbitrary<string> = hostileText, weights = [5, 4, 2]) =>
  fc.oneof(
    { weight: weights[0]!, arbitrary: fc.constant(undefined) },
    { weight: weights[1]!, arbitrary: plausible },
    { weight: weights[2]!, arbitrary: hostile },
  );

const twilioFields = fc.record({
  CallSid: fc.oneof(
    { weight: 12, arbitrary: fc.constant(CALL_SID) },
    { weight: 1, arbitrary: fc.constantFrom('', 'CA', 'CA'.repeat(40)) },
    // Not caller data, and logged as it comes: kept free of the canary.
    { weight: 1, arbitrary: hostileText.filter((t) => !t.includes(CANARY)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ),
  From: field(fc.constantFrom('+15557654321', `+1555${CANARY}`)),
  // Keys win over speech, so keys are often absent and the transcript reaches the matcher.
  Digits: field(
    fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'),
    fc.oneof(fc.constantFrom('12#*abc', '', '٣', '１', '1'.repeat(100)), hostileText),
    [8, 4, 2],
  ),
  SpeechResult: field(
    fc.constantFrom('what does it cost', `tell me about drug testing ${CANARY}`, TEN_KB_TRANSCRIPT),
    fc.oneof(hostileText, hostileText.map((t) => `${t} how much`)),
    [3, 3, 5],
  ),
  Confidence: field(fc.constantFrom('0.87', '0', '1', 'NaN', '-3', '1.0000001', '1e309', 'Infinity', 'high', '')),
  DialCallStatus: field(fc.constantFrom('completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled')),
  DialBridged: field(fc.constantFrom('true', 'false', 'TRUE', '')),
});

const hostileKey = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'a[b]', 'Digits[]', 'CallSid[0]', 'utf8', '_charset_'),
);

type Params = Record<string, string | string[]>;

const requestSpec = fc.record({
  path: fc.oneof(
    { weight: 4, arbitrary: fc.constant(PATHS.turn) },
    { weight: 4, arbitrary: fc.constantFrom(...Object.values(PATHS)) },
    { weight: 1, arbitrary: fc.constantFrom('/voice/status', '/voice/nope', '/voice/turn/', '/VOICE/TURN', '//voice') },
  ),
  query: fc.oneof(
    fc.constant(''),
    fc.constant('lang=en&last=menu&asked=&silence=0&miss=0'),
    fc.constant('lang=es&last=cost&asked=cost.length&silence=2&miss=2'),
    fc.constantFrom(
      'lang=en&lang=es&last[]=x',
      '__proto__[polluted]=1&constructor[prototype][x]=1',
      'lang=klingon&last=%3CSay%3E&asked=cost.cost.cost.bogus&silence=-4&miss=NaN',
      'silence=99999999999999999999&miss=1e400',
      `asked=${'.cost'.repeat(500)}`,
      'lang=%zz&last=%E0%A4%A&asked=%00',
      'lang=en&&&=&==&last',
    ),
    fc.dictionary(fc.constantFrom('lang', 'last', 'asked', 'silence', 'miss', 'x'), hostileText, { maxKeys: 5 }).map((q) => new URLSearchParams(q).toString()),
  ),
  fields: twilioFields,
  extra: fc.dictionary(hostileKey, hostileText, { maxKeys: 4 }),
  duplicate: fc.oneof(
    { weight: 5, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('CallSid', 'Digits', 'SpeechResult', 'Confidence', 'DialCallStatus') },
  ),
  encoding: fc.oneof(
    { weight: 8, arbitrary: fc.constant('form' as const) },
    { weight: 1, arbitrary: fc.constantFrom('json' as const, 'text' as const, 'form-utf16' as const, 'gzip-garbage' as const, 'over-limit' as const) },
  ),
  signing: fc.oneof(
    { weight: 6, arbitrary: fc.constant('valid' as const) },
    { weight: 1, arbitrary: fc.constantFrom('forged' as const, 'none' as const, 'tampered' as const, 'other-url' as const) },
  ),
});
type Spec = typeof requestSpec extends fc.Arbitrary<infer T> ? T : never;

function paramsOf(spec: Spec): Params {
  const params: Params = { ...spec.extra };
  for (const [key, value] of Object.entries(spec.fields)) if (value !== undefined) params[key] = value;
  if (spec.duplicate && typeof params[spec.duplicate] === 'string') params[spec.duplicate] = [params[spec.duplicate] as string, '0'];
  if (spec.encoding === 'over-limit') params.SpeechResult = OVER_BODY_LIMIT;
  return params;
}

function formBody(params: Params): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) form.append(key, v);
  return form.toString();
}

/** The parameters as the app will read the body (so a valid signature really is valid). */
function paramsAsParsed(spec: Spec, body: string): Params {
  if (spec.encoding !== 'form' && spec.encoding !== 'over-limit') return {};
  const parsed: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (key === '__proto__') continue; // the body parser drops it, as it should
    const seen = Object.hasOwn(parsed, key) ? parsed[key] : undefined;
    parsed[key] = seen === undefined ? value : [seen, value].flat();
  }
  return parsed;
}

function descendants(node: TwimlNode): TwimlNode[] {
  return node.children.flatMap((child) => [child, ...descendants(child)]);
}

const CONTENT_TYPE: Record<Spec['encoding'], string> = {
  form: 'application/x-www-form-urlencoded',
  'over-limit': 'application/x-www-form-urlencoded',
  'gzip-garbage': 'application/x-www-form-urlencoded',
  'form-utf16': 'application/x-www-form-urlencoded; charset=utf-16',
  json: 'application/json',
  text: 'text/plain',
};

describe('fuzzed webhooks', () => {
  let harness: Harness;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    harness = makeHarness();
    server = http.createServer(harness.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it(`answer ${RUNS} random and hostile requests with a 4xx or valid TwiML, never a 5xx; forgeries never pass`, async () => {
    const answered = { signed: 0, twiml: 0 };
    await fc.assert(
      fc.asyncProperty(requestSpec, async (spec) => {
        const pathAndQuery = spec.query ? `${spec.path}?${spec.query}` : spec.path;
        const params = paramsOf(spec);
        const body = spec.encoding === 'json' ? JSON.stringify(params) : formBody(params);
        const signed = paramsAsParsed(spec, body);
        const url = new URL(PUBLIC_BASE_URL).origin + pathAndQuery;

        let req = request(`http://127.0.0.1:${port}`).post(pathAndQuery).set('Content-Type', CONTENT_TYPE[spec.encoding]);
        if (spec.encoding === 'gzip-garbage') req = req.set('Content-Encoding', 'gzip');
        if (spec.signing === 'valid') req = req.set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(TEST_TOKEN, url, signed));
        if (spec.signing === 'forged') req = req.set('X-Twilio-Signature', twilio.getExpectedTwilioSignature('not-the-token', url, signed));
        if (spec.signing === 'other-url') req = req.set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(TEST_TOKEN, `${url}&silence=2`, signed));
        if (spec.signing === 'tampered') {
          // Signed for other keys than the body carries: as if someone changed a key after Twilio signed.
          const changed = { ...signed, Digits: `${String(signed.Digits ?? '')}0` };
          req = req.set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(TEST_TOKEN, url, changed));
        }
        const res = await req.send(body);

        expect(res.status).toBeLessThan(500);
        if (spec.signing !== 'valid') {
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.text).not.toContain('<Response');
          return;
        }
        answered.signed++;
        // Callbacks (the recording is ready, the call has ended) have nothing to say: 204, no TwiML.
        if (res.status === 204) {
          expect([PATHS.recording, PATHS.status]).toContain(spec.path);
          return;
        }
        if (res.status !== 200) {
          expect(res.status).toBeGreaterThanOrEqual(400);
          return;
        }
        answered.twiml++;
        expect(res.headers['content-type']).toMatch(/^text\/xml/);
        const reply = parseTwiml(res.text);
        // Only a staff member's accepting key gets an empty document: it ends the whisper and bridges.
        if (spec.path !== PATHS.whisperAccept) expect(reply.children.length).toBeGreaterThan(0);
        for (const node of descendants(reply)) expect(VERBS).toContain(node.name);
        // Whatever the caller sent, the line only ever rings intake, and only ever posts back to itself.
        for (const number of findAll(reply, 'Number')) expect([INTAKE_A, INTAKE_B]).toContain(number.text);
        for (const gather of findAll(reply, 'Gather')) expect(gather.attrs.action).toMatch(/^\/voice\/[a-z/-]+(\?|$)/);
        for (const redirect of findAll(reply, 'Redirect')) expect(redirect.text).toMatch(/^\/voice\/[a-z-]+\?/);
      }),
      { seed: SEED, numRuns: RUNS },
    );

    // The fuzz reached the call flow, not only the signature check and the body parser.
    expect(answered.twiml).toBeGreaterThan(answered.signed / 3);
    const logged = harness.logs.map((line) => JSON.parse(line) as { msg: string });
    expect(logged.filter((line) => line.msg === 'webhook failed')).toEqual([]);
    expect(harness.logs.filter((l) => l.includes(CANARY))).toEqual([]);
  });
});
