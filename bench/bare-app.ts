import express from 'express';

/**
 * The yardstick for `npm run bench`: a bare Express 5 app as anyone would write it for Twilio's form
 * POSTs (Express's own form parser, the line's limits), answering every POST with one fixed TwiML
 * document. It has no signature check, no state, no matcher, no TwiML building and no logging. The
 * line reads its forms with its own parser (src/http/form-body.ts), which is cheaper than Express's:
 * README "Performance" gives the ratios with that parser in the yardstick too.
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
// Express's form parser with the line's limits.
app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
app.post('/{*path}', (_req, res) => {
  res.type('text/xml').send(FIXED_TWIML);
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
