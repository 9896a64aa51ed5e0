import express from 'express';
import request from 'supertest';
import twilio from 'twilio';
import { requireTwilioSignature } from '../../src/http/signature';
import { TEST_TOKEN, callParams } from '../support/harness';

/** The middleware alone, in front of a handler that answers 200 "ok", with the line's body parser. */
function appFor(publicBaseUrl: string) {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(requireTwilioSignature(TEST_TOKEN, publicBaseUrl));
  app.post('/{*path}', (_req, res) => {
    res.send('ok');
  });
  return app;
}

function post(publicBaseUrl: string, pathAndQuery: string, params: Record<string, string>, signature: string | undefined) {
  const req = request(appFor(publicBaseUrl)).post(pathAndQuery).type('form').send(params);
  return signature === undefined ? req : req.set('X-Twilio-Signature', signature);
}

const PATH = '/voice/turn?lang=en&last=menu&asked=&silence=0&miss=0';

describe('the Twilio signature check', () => {
  it('answers 400 without a signature and 403 with a forged one', async () => {
    const base = 'http://127.0.0.1:8080';
    expect((await post(base, PATH, callParams(), undefined)).status).toBe(400);
    const forged = twilio.getExpectedTwilioSignature('not-the-token', base + PATH, callParams());
    expect((await post(base, PATH, callParams(), forged)).status).toBe(403);
    expect((await post(base, PATH, callParams(), 'x')).status).toBe(403);
  });

  it('on a base URL with a port, accepts a signature for the URL with the port and for it without', async () => {
    const base = 'http://127.0.0.1:8080';
    for (const signedFor of [`http://127.0.0.1:8080${PATH}`, `http://127.0.0.1${PATH}`]) {
      const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, signedFor, callParams());
      expect((await post(base, PATH, callParams(), signature)).status).toBe(200);
    }
  });

  it('behind a proxy, accepts the public https URL with or without :443, and refuses the internal one', async () => {
    const base = 'https://iop-line.example.org';
    const accepted = [`https://iop-line.example.org${PATH}`, `https://iop-line.example.org:443${PATH}`];
    for (const signedFor of accepted) {
      const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, signedFor, callParams());
      expect((await post(base, PATH, callParams(), signature)).status).toBe(200);
    }
    const internal = twilio.getExpectedTwilioSignature(TEST_TOKEN, `http://internal-host:8080${PATH}`, callParams());
    expect((await post(base, PATH, callParams(), internal)).status).toBe(403);
  });

  it('accepts a parameter sent twice when Twilio signed it so, and refuses it altered', async () => {
    const base = 'http://127.0.0.1:8080';
    const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, base + PATH, { CallSid: 'CA1', Digits: ['1', '2'] } as never);
    const send = (body: string) => request(appFor(base)).post(PATH).set('X-Twilio-Signature', signature).type('form').send(body);
    expect((await send('CallSid=CA1&Digits=1&Digits=2')).status).toBe(200);
    expect((await send('CallSid=CA1&Digits=1&Digits=3')).status).toBe(403);
  });

  it("accepts exactly what twilio's validateRequest accepts, for every URL variant Twilio may have signed", async () => {
    const bases = ['http://127.0.0.1:8080', 'https://iop-line.example.org', 'https://iop-line.example.org:8443'];
    const paths = [PATH, "/voice/turn?note=it's", '/voice'];
    const params = callParams({ SpeechResult: 'how much & when?' });
    for (const base of bases) {
      for (const path of paths) {
        const url = base + path;
        const host = new URL(base).hostname;
        const variants = [url, url.replace(/:\d+\//, '/'), url.replace(host, `${host}:443`), url.replace(host, `${host}:80`), url.replace("it's", 'it%27s'), `http://other${path}`];
        for (const signedFor of variants) {
          const signature = twilio.getExpectedTwilioSignature(TEST_TOKEN, signedFor, params);
          const expected = twilio.validateRequest(TEST_TOKEN, signature, url, params) ? 200 : 403;
          expect({ base, path, signedFor, status: (await post(base, path, params, signature)).status }).toEqual({ base, path, signedFor, status: expected });
        }
      }
    }
  });
});
