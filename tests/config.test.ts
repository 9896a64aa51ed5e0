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
});
