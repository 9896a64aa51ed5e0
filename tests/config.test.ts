import { ConfigError, loadConfig } from '../src/config';

const valid = {
  PUBLIC_BASE_URL: 'https://iop-line.example.org/',
  TWILIO_AUTH_TOKEN: 'token',
  INTAKE_NUMBERS: '+15551230001, +15551230002',
};

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the environment to be refused');
}

describe('configuration', () => {
  it('parses a valid environment once, with defaults', () => {
    const config = loadConfig(valid);
    expect(config.PORT).toBe(3000);
    expect(config.PUBLIC_BASE_URL).toBe('https://iop-line.example.org');
    expect(config.INTAKE_NUMBERS).toEqual(['+15551230001', '+15551230002']);
    expect(config.TIMEZONE).toBe('America/New_York');
  });

  it('says which variables are missing, with a line that fixes each', () => {
    const message = problems({});
    expect(message).toMatch(/PUBLIC_BASE_URL is missing \(for example PUBLIC_BASE_URL=https:\/\//);
    expect(message).toMatch(/TWILIO_AUTH_TOKEN is missing/);
    expect(message).toMatch(/INTAKE_NUMBERS is missing/);
  });

  it('tells invalid from missing', () => {
    const message = problems({ ...valid, INTAKE_NUMBERS: '555-1234', PORT: 'eighty', PUBLIC_BASE_URL: 'ftp://x' });
    expect(message).toMatch(/INTAKE_NUMBERS is not valid: .*E\.164/);
    expect(message).toMatch(/PORT is not valid/);
    expect(message).toMatch(/PUBLIC_BASE_URL is not valid/);
  });

  it('treats an empty variable as unset, so its default applies', () => {
    expect(loadConfig({ ...valid, PORT: '' }).PORT).toBe(3000);
  });

  it('never lets the auth token be empty: signature checks cannot be switched off', () => {
    expect(problems({ ...valid, TWILIO_AUTH_TOKEN: '' })).toMatch(/TWILIO_AUTH_TOKEN is missing/);
  });

  it('reads intake hours, time zone and holidays into the schedule the line uses', () => {
    const config = loadConfig({ ...valid, INTAKE_HOURS: 'Mon-Fri 08:00-20:00', TIMEZONE: 'America/Chicago', HOLIDAYS: '2026-12-25' });
    expect(config.schedule.timeZone).toBe('America/Chicago');
    expect(config.schedule.holidays).toEqual(['2026-12-25']);
    expect(config.schedule.hours.kind).toBe('weekly');
  });

  it('keeps intake open around the clock unless hours are set', () => {
    expect(loadConfig(valid).schedule.hours).toEqual({ kind: 'always' });
  });

  it.each([
    ['INTAKE_HOURS', 'Mon-Fry 08:00-20:00', /INTAKE_HOURS is not valid: .*unknown day "Fry".*Use 3-letter days/],
    ['INTAKE_HOURS', 'weekdays', /INTAKE_HOURS is not valid: .*24\/7/],
    ['TIMEZONE', 'Mars/Olympus', /TIMEZONE is not valid: .*IANA time zone/],
    ['HOLIDAYS', '2026-02-30', /HOLIDAYS is not valid: .*not a real date.*YYYY-MM-DD/],
    ['HOLIDAYS', '12/25/2026', /HOLIDAYS is not valid: .*YYYY-MM-DD/],
  ])('refuses %s=%s with how to fix it', (name, value, message) => {
    expect(problems({ ...valid, [name]: value })).toMatch(message);
  });

  it('takes optional after-hours, staff text and REST settings, and checks their form', () => {
    const config = loadConfig({
      ...valid,
      AFTER_HOURS_NUMBER: '+15551230009',
      STAFF_SMS_NUMBERS: '+15551230001, +15551230002',
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_SMS_FROM: '+18556983554',
    });
    expect(config.STAFF_SMS_NUMBERS).toEqual(['+15551230001', '+15551230002']);
    expect(config.AFTER_HOURS_NUMBER).toBe('+15551230009');
    const message = problems({ ...valid, AFTER_HOURS_NUMBER: '555-0100', TWILIO_ACCOUNT_SID: 'my-account', STAFF_SMS_NUMBERS: 'nurse' });
    expect(message).toMatch(/AFTER_HOURS_NUMBER is not valid: .*E\.164/);
    expect(message).toMatch(/TWILIO_ACCOUNT_SID is not valid: .*AC and 32/);
    expect(message).toMatch(/STAFF_SMS_NUMBERS is not valid/);
  });

  it('an API key needs its secret and the account it belongs to', () => {
    const message = problems({ ...valid, TWILIO_API_KEY: `SK${'0'.repeat(32)}` });
    expect(message).toMatch(/TWILIO_API_SECRET is missing: TWILIO_API_KEY is set, and needs its secret \(for example TWILIO_API_SECRET=/);
    expect(message).toMatch(/TWILIO_ACCOUNT_SID is missing: an API key needs the account/);
  });
});
