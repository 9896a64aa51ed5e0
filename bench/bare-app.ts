import express from 'express';

/**
 * The yardstick for `npm run bench`: Express 5 with the same form-body parser and limits as the
 * line, answering every POST with one fixed TwiML document. It has no signature check, no state,
 * no matcher, no TwiML building and no logging, so the gap to it is what the line's own work costs.
 */
const FIXED_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response>' +
  '<Gather input="dtmf speech" action="/voice/turn" method="POST" numDigits="1" timeout="5" speechTimeout="auto">' +
  '<Say>A fixed document, the same on every request.</Say></Gather>' +
  '<Redirect method="POST">/voice/silence</Redirect></Response>';

const app = express();
app.disable('x-powered-by');
// The line turns ETags off (Twilio never revalidates); so does the yardstick, so it is no slower for it.
app.set('etag', false);
// The same parser and limits as src/app.ts, so body parsing costs both servers the same.
app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
app.post('/{*path}', (_req, res) => {
  res.type('text/xml').send(FIXED_TWIML);
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
