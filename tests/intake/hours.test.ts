import {
  describeHours,
  describeOpening,
  isIntakeOpen,
  localMoment,
  nextOpening,
  parseHolidays,
  parseIntakeHours,
  parseTimeZone,
  scheduleFromEnv,
  ScheduleConfigError,
  type HoursWords,
  type IntakeHours,
  type Schedule,
} from '../../src/intake/hours';

const EN: HoursWords = {
  through: 'to',
  and: 'and',
  today: 'today',
  tomorrow: 'tomorrow',
  on: 'on',
  at: 'at',
  always: 'any time, day or night',
  never: 'not taking calls right now',
};

const NY = 'America/New_York';
const CLINIC = 'Mon-Fri 08:00-20:00; Sat 09:00-13:00';

function schedule(hours: string, holidays: string[] = [], timeZone = NY): Schedule {
  return { hours: parseIntakeHours(hours), timeZone, holidays };
}

const at = (iso: string): Date => new Date(iso);

function configError(fn: () => unknown): ScheduleConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleConfigError);
    return error as ScheduleConfigError;
  }
  throw new Error('expected a ScheduleConfigError');
}

describe('parseIntakeHours', () => {
  it('reads weekday and Saturday hours as windows in minutes (0 = Sunday)', () => {
    expect(parseIntakeHours(CLINIC)).toEqual({
      kind: 'weekly',
      windows: [
        { day: 1, start: 480, end: 1200 },
        { day: 2, start: 480, end: 1200 },
        { day: 3, start: 480, end: 1200 },
        { day: 4, start: 480, end: 1200 },
        { day: 5, start: 480, end: 1200 },
        { day: 6, start: 540, end: 780 },
      ],
    });
  });

  it('reads a day list with several time ranges', () => {
    expect(parseIntakeHours('Mon,Wed 08:00-12:00,13:00-17:00')).toEqual({
      kind: 'weekly',
      windows: [
        { day: 1, start: 480, end: 720 },
        { day: 1, start: 780, end: 1020 },
        { day: 3, start: 480, end: 720 },
        { day: 3, start: 780, end: 1020 },
      ],
    });
  });

  it('ignores case and extra whitespace', () => {
    expect(parseIntakeHours('  mon - FRI   08:00 - 20:00 ;  sat 09:00-13:00 ; ')).toEqual(parseIntakeHours(CLINIC));
    expect(parseIntakeHours('MON , wed 08:00-12:00 , 13:00-17:00')).toEqual(parseIntakeHours('Mon,Wed 08:00-12:00,13:00-17:00'));
  });

  it('wraps day ranges past Sunday (Sat-Sun, Fri-Mon)', () => {
    expect(parseIntakeHours('Sat-Sun 10:00-14:00')).toEqual({
      kind: 'weekly',
      windows: [
        { day: 0, start: 600, end: 840 },
        { day: 6, start: 600, end: 840 },
      ],
    });
    const days = (h: IntakeHours) => (h.kind === 'weekly' ? h.windows.map((w) => w.day) : []);
    expect(days(parseIntakeHours('Fri-Mon 10:00-14:00'))).toEqual([0, 1, 5, 6]);
  });

  it('splits an overnight window into the evening and the next morning', () => {
    expect(parseIntakeHours('Fri 18:00-02:00')).toEqual({
      kind: 'weekly',
      windows: [
        { day: 5, start: 1080, end: 1440 },
        { day: 6, start: 0, end: 120 },
      ],
    });
    // Saturday night runs into Sunday (day 0).
    expect(parseIntakeHours('Sat 22:00-06:00')).toEqual({
      kind: 'weekly',
      windows: [
        { day: 0, start: 0, end: 360 },
        { day: 6, start: 1320, end: 1440 },
      ],
    });
  });

  it('accepts 24:00 as an end and 00:00 as an overnight end', () => {
    expect(parseIntakeHours('Sun 00:00-24:00')).toEqual({ kind: 'weekly', windows: [{ day: 0, start: 0, end: 1440 }] });
    expect(parseIntakeHours('Sun 18:00-00:00')).toEqual({ kind: 'weekly', windows: [{ day: 0, start: 1080, end: 1440 }] });
  });

  it('merges overlapping and touching windows', () => {
    expect(parseIntakeHours('Mon 08:00-12:00,12:00-14:00; Mon 13:00-17:00')).toEqual({
      kind: 'weekly',
      windows: [{ day: 1, start: 480, end: 1020 }],
    });
  });

  it('reads 24/7 and closed in any case', () => {
    expect(parseIntakeHours('24/7')).toEqual({ kind: 'always' });
    expect(parseIntakeHours(' 24 / 7 ')).toEqual({ kind: 'always' });
    expect(parseIntakeHours('closed')).toEqual({ kind: 'closed' });
    expect(parseIntakeHours(' CLOSED ')).toEqual({ kind: 'closed' });
  });

  it.each([
    ['an unknown day', 'Mon-Fry 08:00-20:00', 'unknown day "Fry"'],
    ['a full day name', 'Monday 08:00-20:00', 'unknown day "Monday"'],
    ['hour 25', 'Mon-Fri 08:00-25:00', '"25:00"'],
    ['minute 60', 'Mon-Fri 08:60-20:00', '"08:60"'],
    ['a start equal to the end', 'Mon 08:00-08:00', 'same time'],
    ['24:00 as a start', 'Mon 24:00-02:00', '"24:00"'],
    ['an empty string', '', 'empty'],
    ['only spaces', '   ', 'empty'],
    ['garbage', 'whenever we feel like it', 'unknown day "whenever"'],
    ['days without times', 'Mon-Fri', 'no opening times'],
    ['times without days', '08:00-20:00', 'does not start with a day'],
    ['12-hour times', 'Mon-Fri 8am-8pm', '"8am-8pm"'],
    ['a missing separator between segments', 'Mon 08:00-12:00 Tue 09:00-12:00', 'cannot read the time range'],
    ['days separated by a space', 'Mon Wed 08:00-12:00', 'separate days with commas'],
    ['a dangling comma', 'Mon, 08:00-12:00', 'missing a day'],
    ['a trailing comma after times', 'Mon 08:00-12:00,', 'empty time range'],
  ])('rejects %s with a message naming INTAKE_HOURS and an example', (_what, spec, problem) => {
    const error = configError(() => parseIntakeHours(spec));
    expect(error.variable).toBe('INTAKE_HOURS');
    expect(error.message).toContain('INTAKE_HOURS');
    expect(error.message).toContain(problem);
    expect(error.message).toContain('e.g. INTAKE_HOURS="Mon-Fri 08:00-20:00; Sat 09:00-13:00"');
  });

  it('gives the documented message for an unknown day', () => {
    expect(() => parseIntakeHours('Mon-Fry 08:00-20:00')).toThrow(
      'INTAKE_HOURS: "Mon-Fry 08:00-20:00" — unknown day "Fry". Use 3-letter days and 24h times, e.g. INTAKE_HOURS="Mon-Fri 08:00-20:00; Sat 09:00-13:00", or "24/7", or "closed".',
    );
  });
});

describe('parseHolidays', () => {
  it('reads a comma-separated list, sorted and without duplicates', () => {
    expect(parseHolidays('2026-12-25, 2026-07-03,2027-01-01 , 2026-12-25')).toEqual(['2026-07-03', '2026-12-25', '2027-01-01']);
  });

  it('reads an empty string as no holidays', () => {
    expect(parseHolidays('')).toEqual([]);
    expect(parseHolidays('  ')).toEqual([]);
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseHolidays('2028-02-29')).toEqual(['2028-02-29']);
  });

  it.each([
    ['a US-style date', '12/25/2026', 'not a YYYY-MM-DD date'],
    ['a one-digit month', '2026-1-05', 'not a YYYY-MM-DD date'],
    ['a missing comma', '2026-12-25 2027-01-01', 'not a YYYY-MM-DD date'],
    ['30 February', '2026-02-30', 'not a real date'],
    ['29 February in a common year', '2026-02-29', 'not a real date'],
    ['month 13', '2026-13-01', 'not a real date'],
  ])('rejects %s with a message naming HOLIDAYS and an example', (_what, spec, problem) => {
    const error = configError(() => parseHolidays(spec));
    expect(error.variable).toBe('HOLIDAYS');
    expect(error.message).toContain('HOLIDAYS');
    expect(error.message).toContain(problem);
    expect(error.message).toContain('e.g. HOLIDAYS="2026-12-25, 2027-01-01"');
  });
});

describe('parseTimeZone', () => {
  it('returns an IANA zone that Intl knows', () => {
    expect(parseTimeZone('America/New_York')).toBe('America/New_York');
    expect(parseTimeZone(' Asia/Kolkata ')).toBe('Asia/Kolkata');
  });

  it.each(['America/New_Yrok', 'Mars/Olympus_Mons', ''])('rejects %j with a message naming TIMEZONE and an example', (tz) => {
    const error = configError(() => parseTimeZone(tz));
    expect(error.variable).toBe('TIMEZONE');
    expect(error.message).toContain('TIMEZONE');
    expect(error.message).toContain('e.g. TIMEZONE="America/New_York"');
  });
});

describe('scheduleFromEnv', () => {
  it('builds a schedule from the three variables', () => {
    expect(scheduleFromEnv({ INTAKE_HOURS: '24/7', TIMEZONE: NY, HOLIDAYS: '2026-12-25' })).toEqual({
      hours: { kind: 'always' },
      timeZone: NY,
      holidays: ['2026-12-25'],
    });
    expect(scheduleFromEnv({ INTAKE_HOURS: 'closed', TIMEZONE: NY }).holidays).toEqual([]);
  });

  it('names a missing variable', () => {
    expect(configError(() => scheduleFromEnv({ TIMEZONE: NY })).variable).toBe('INTAKE_HOURS');
    expect(configError(() => scheduleFromEnv({ INTAKE_HOURS: '24/7' })).variable).toBe('TIMEZONE');
  });
});

describe('localMoment', () => {
  it('reads the clinic wall clock, not UTC', () => {
    // 2026-01-06T02:30Z is Monday 5 January, 21:30 in New York (EST, UTC-5).
    expect(localMoment(NY, at('2026-01-06T02:30:00Z'))).toEqual({ weekday: 1, date: '2026-01-05', minutes: 21 * 60 + 30 });
  });

  it('reads local midnight as minute 0', () => {
    // 2026-01-06T05:00Z is Tuesday 6 January, 00:00 EST.
    expect(localMoment(NY, at('2026-01-06T05:00:00Z'))).toEqual({ weekday: 2, date: '2026-01-06', minutes: 0 });
  });
});

describe('isIntakeOpen in America/New_York (weekdays 8 AM to 8 PM, Saturday 9 AM to 1 PM)', () => {
  const clinic = schedule(CLINIC);

  it.each([
    // Monday 5 January 2026 is EST (UTC-5).
    ['2026-01-05T12:59:00Z', 'Monday 07:59', false],
    ['2026-01-05T13:00:00Z', 'Monday 08:00', true],
    ['2026-01-05T13:00:59Z', 'Monday 08:00:59', true],
    ['2026-01-06T00:59:00Z', 'Monday 19:59', true],
    ['2026-01-06T00:59:59Z', 'Monday 19:59:59', true],
    ['2026-01-06T01:00:00Z', 'Monday 20:00', false],
    // Midnight edges.
    ['2026-01-06T04:59:00Z', 'Monday 23:59', false],
    ['2026-01-06T05:00:00Z', 'Tuesday 00:00', false],
    // Saturday 10 January.
    ['2026-01-10T13:59:00Z', 'Saturday 08:59', false],
    ['2026-01-10T14:00:00Z', 'Saturday 09:00', true],
    ['2026-01-10T17:59:00Z', 'Saturday 12:59', true],
    ['2026-01-10T18:00:00Z', 'Saturday 13:00', false],
    // Sunday 11 January: closed all day.
    ['2026-01-11T17:00:00Z', 'Sunday 12:00', false],
    // Summer (EDT, UTC-4): Wednesday 1 July.
    ['2026-07-01T11:59:00Z', 'Wednesday 07:59 EDT', false],
    ['2026-07-01T12:00:00Z', 'Wednesday 08:00 EDT', true],
  ])('at %s (%s local) is open: %s', (iso, _local, open) => {
    expect(isIntakeOpen(clinic, at(iso))).toBe(open);
  });

  it('is closed all day on a holiday', () => {
    const withHoliday = schedule(CLINIC, ['2026-12-25']);
    // Friday 25 December 2026, 12:00 EST.
    expect(isIntakeOpen(withHoliday, at('2026-12-25T17:00:00Z'))).toBe(false);
    // Thursday 24 December, 12:00 EST: open as usual.
    expect(isIntakeOpen(withHoliday, at('2026-12-24T17:00:00Z'))).toBe(true);
  });

  it('judges the holiday on the local date, not the UTC date', () => {
    const withHoliday = schedule('Mon-Sun 00:00-24:00', ['2026-12-25']);
    // 2026-12-26T03:00Z is Friday 25 December 22:00 EST, although the UTC date is the 26th.
    expect(isIntakeOpen(withHoliday, at('2026-12-26T03:00:00Z'))).toBe(false);
    // 2026-12-25T04:59Z is Thursday 24 December 23:59 EST, although the UTC date is the 25th.
    expect(isIntakeOpen(withHoliday, at('2026-12-25T04:59:00Z'))).toBe(true);
  });

  it('closes the after-midnight part of an overnight window when that morning is a holiday', () => {
    const onCall = schedule('Fri 18:00-02:00', ['2026-07-04']);
    // Friday 3 July 23:00 EDT: open.
    expect(isIntakeOpen(onCall, at('2026-07-04T03:00:00Z'))).toBe(true);
    // Saturday 4 July 01:00 EDT (a holiday): closed.
    expect(isIntakeOpen(onCall, at('2026-07-04T05:00:00Z'))).toBe(false);
    // A week later, Saturday 11 July 01:00 EDT: open.
    expect(isIntakeOpen(onCall, at('2026-07-11T05:00:00Z'))).toBe(true);
  });

  it('treats 24/7 as open and closed as closed', () => {
    expect(isIntakeOpen(schedule('24/7'), at('2026-01-11T08:00:00Z'))).toBe(true);
    expect(isIntakeOpen(schedule('closed'), at('2026-01-05T15:00:00Z'))).toBe(false);
    // Holidays close a 24/7 line too.
    expect(isIntakeOpen(schedule('24/7', ['2026-01-11']), at('2026-01-11T08:00:00Z'))).toBe(false);
  });

  describe('on the spring-forward day, Sunday 8 March 2026 (02:00 EST jumps to 03:00 EDT at 07:00Z)', () => {
    const early = schedule('Sun 01:00-04:00'); // spans the jump
    const late = schedule('Sun 08:00-20:00'); // after the jump

    it.each([
      ['2026-03-08T05:59:00Z', '00:59 EST', false],
      ['2026-03-08T06:00:00Z', '01:00 EST', true],
      ['2026-03-08T06:59:00Z', '01:59 EST', true],
      ['2026-03-08T07:00:00Z', '03:00 EDT', true],
      ['2026-03-08T07:59:00Z', '03:59 EDT', true],
      ['2026-03-08T08:00:00Z', '04:00 EDT', false],
    ])('a window spanning the jump, at %s (%s), is open: %s', (iso, _local, open) => {
      expect(isIntakeOpen(early, at(iso))).toBe(open);
    });

    it.each([
      ['2026-03-08T11:59:00Z', '07:59 EDT', false],
      ['2026-03-08T12:00:00Z', '08:00 EDT', true],
      ['2026-03-08T13:00:00Z', '09:00 EDT (08:00 had it still been EST)', true],
      ['2026-03-08T23:59:00Z', '19:59 EDT', true],
      ['2026-03-09T00:00:00Z', '20:00 EDT', false],
    ])('a window after the jump, at %s (%s), is open: %s', (iso, _local, open) => {
      expect(isIntakeOpen(late, at(iso))).toBe(open);
    });
  });

  describe('on the fall-back day, Sunday 1 November 2026 (02:00 EDT falls back to 01:00 EST at 06:00Z)', () => {
    const early = schedule('Sun 01:00-04:00'); // spans the repeated hour
    const late = schedule('Sun 08:00-20:00'); // after it

    it.each([
      ['2026-11-01T04:59:00Z', '00:59 EDT', false],
      ['2026-11-01T05:00:00Z', '01:00 EDT', true],
      ['2026-11-01T05:59:00Z', '01:59 EDT', true],
      ['2026-11-01T06:00:00Z', '01:00 EST (second time round)', true],
      ['2026-11-01T08:59:00Z', '03:59 EST', true],
      ['2026-11-01T09:00:00Z', '04:00 EST', false],
    ])('a window spanning the repeated hour, at %s (%s), is open: %s', (iso, _local, open) => {
      expect(isIntakeOpen(early, at(iso))).toBe(open);
    });

    it.each([
      ['2026-11-01T12:00:00Z', '07:00 EST (08:00 had it still been EDT)', false],
      ['2026-11-01T12:59:00Z', '07:59 EST', false],
      ['2026-11-01T13:00:00Z', '08:00 EST', true],
      ['2026-11-02T00:59:00Z', '19:59 EST', true],
      ['2026-11-02T01:00:00Z', '20:00 EST', false],
    ])('a window after it, at %s (%s), is open: %s', (iso, _local, open) => {
      expect(isIntakeOpen(late, at(iso))).toBe(open);
    });
  });
});

describe('zones far from UTC (the server zone does not matter)', () => {
  const savedTz = process.env['TZ'];
  afterEach(() => {
    if (savedTz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = savedTz;
  });

  it('evaluates Asia/Kolkata (UTC+5:30) on its own clock', () => {
    const kolkata = schedule('Mon-Fri 09:00-18:00', [], 'Asia/Kolkata');
    // Monday 5 January 2026: 09:00 IST is 03:30Z, 18:00 IST is 12:30Z.
    expect(isIntakeOpen(kolkata, at('2026-01-05T03:29:00Z'))).toBe(false);
    expect(isIntakeOpen(kolkata, at('2026-01-05T03:30:00Z'))).toBe(true);
    expect(isIntakeOpen(kolkata, at('2026-01-05T12:29:00Z'))).toBe(true);
    expect(isIntakeOpen(kolkata, at('2026-01-05T12:30:00Z'))).toBe(false);
    expect(nextOpening(kolkata, at('2026-01-05T12:30:00Z'))?.toISOString()).toBe('2026-01-06T03:30:00.000Z');
  });

  it('evaluates Pacific/Auckland (UTC+13 in January) whose local day is ahead of UTC, whatever TZ the server has', () => {
    const auckland = schedule('Mon-Fri 08:00-20:00', [], 'Pacific/Auckland');
    for (const serverZone of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      process.env['TZ'] = serverZone;
      // 2026-01-04T19:00Z is Sunday in UTC but Monday 5 January 08:00 NZDT.
      expect(isIntakeOpen(auckland, at('2026-01-04T19:00:00Z'))).toBe(true);
      // 2026-01-04T18:59Z is Monday 07:59 NZDT.
      expect(isIntakeOpen(auckland, at('2026-01-04T18:59:00Z'))).toBe(false);
      // Friday 9 January 20:00 NZDT (07:00Z) → Monday 12 January 08:00 NZDT (Sunday 11 January 19:00Z).
      expect(nextOpening(auckland, at('2026-01-09T07:00:00Z'))?.toISOString()).toBe('2026-01-11T19:00:00.000Z');
      expect(localMoment('Pacific/Auckland', at('2026-01-04T19:00:00Z'))).toEqual({ weekday: 1, date: '2026-01-05', minutes: 480 });
    }
  });
});

describe('nextOpening in America/New_York', () => {
  const clinic = schedule(CLINIC);

  it('returns now when intake is open now', () => {
    const now = at('2026-01-05T15:17:42Z'); // Monday 10:17:42 EST
    expect(nextOpening(clinic, now)?.getTime()).toBe(now.getTime());
  });

  it('returns the same morning when it is before opening', () => {
    // Monday 5 January 06:30 EST → 08:00 EST.
    expect(nextOpening(clinic, at('2026-01-05T11:30:00Z'))?.toISOString()).toBe('2026-01-05T13:00:00.000Z');
  });

  it('returns the next morning after closing', () => {
    // Monday 20:00 EST → Tuesday 08:00 EST.
    expect(nextOpening(clinic, at('2026-01-06T01:00:00Z'))?.toISOString()).toBe('2026-01-06T13:00:00.000Z');
  });

  it('skips Saturday afternoon and Sunday', () => {
    // Saturday 10 January 13:00 EST → Monday 12 January 08:00 EST.
    expect(nextOpening(clinic, at('2026-01-10T18:00:00Z'))?.toISOString()).toBe('2026-01-12T13:00:00.000Z');
  });

  it('skips a weekend when only weekdays are open', () => {
    // Friday 9 January 20:00 EST → Monday 12 January 08:00 EST.
    expect(nextOpening(schedule('Mon-Fri 08:00-20:00'), at('2026-01-10T01:00:00Z'))?.toISOString()).toBe('2026-01-12T13:00:00.000Z');
  });

  it('skips a holiday', () => {
    // Thursday 24 December 20:30 EST; Friday 25th is a holiday → Saturday 26th 09:00 EST.
    const withHoliday = schedule(CLINIC, ['2026-12-25']);
    expect(nextOpening(withHoliday, at('2026-12-25T01:30:00Z'))?.toISOString()).toBe('2026-12-26T14:00:00.000Z');
  });

  it('opens at local midnight when a holiday ends inside an overnight or 24/7 stretch', () => {
    // Friday 25 December 12:00 EST, a holiday, on a 24/7 line → Saturday 26th 00:00 EST.
    expect(nextOpening(schedule('24/7', ['2026-12-25']), at('2026-12-25T17:00:00Z'))?.toISOString()).toBe('2026-12-26T05:00:00.000Z');
  });

  it('crosses the spring-forward change to the right instant', () => {
    // Saturday 7 March 13:00 EST (18:00Z) → Monday 9 March 08:00 EDT (12:00Z, not 13:00Z).
    expect(nextOpening(clinic, at('2026-03-07T18:00:00Z'))?.toISOString()).toBe('2026-03-09T12:00:00.000Z');
    // Sunday 8 March 00:00 EST → 08:00 EDT the same day.
    expect(nextOpening(schedule('Sun 08:00-20:00'), at('2026-03-08T05:00:00Z'))?.toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });

  it('opens when the clocks jump if the window starts inside the skipped hour', () => {
    // Sunday 8 March 01:00 EST; 02:30 does not exist, so the window opens at 03:00 EDT (07:00Z).
    const inGap = schedule('Sun 02:30-05:00');
    expect(nextOpening(inGap, at('2026-03-08T06:00:00Z'))?.toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(isIntakeOpen(inGap, at('2026-03-08T06:59:00Z'))).toBe(false); // 01:59 EST
    expect(isIntakeOpen(inGap, at('2026-03-08T07:00:00Z'))).toBe(true); // 03:00 EDT
  });

  it('crosses the fall-back change to the right instant', () => {
    // Saturday 31 October 13:00 EDT (17:00Z) → Sunday 1 November 08:00 EST (13:00Z, not 12:00Z).
    expect(nextOpening(schedule('Sat 09:00-13:00; Sun 08:00-20:00'), at('2026-10-31T17:00:00Z'))?.toISOString()).toBe(
      '2026-11-01T13:00:00.000Z',
    );
    // Friday 30 October 20:00 EDT → Saturday 31 October 09:00 EDT.
    expect(nextOpening(clinic, at('2026-10-31T00:00:00Z'))?.toISOString()).toBe('2026-10-31T13:00:00.000Z');
    // Saturday 31 October 13:00 EDT → Monday 2 November 08:00 EST.
    expect(nextOpening(clinic, at('2026-10-31T17:00:00Z'))?.toISOString()).toBe('2026-11-02T13:00:00.000Z');
  });

  it('finds the second 01:30 of the fall-back day', () => {
    // 01:50 EDT (05:50Z): the 01:30-01:45 window already passed once; it comes round again at 01:30 EST (06:30Z).
    expect(nextOpening(schedule('Sun 01:30-01:45'), at('2026-11-01T05:50:00Z'))?.toISOString()).toBe('2026-11-01T06:30:00.000Z');
    // 01:50 EDT with a 00:30-01:45 window: falling back to 01:00 EST (06:00Z) re-enters it.
    expect(nextOpening(schedule('Sun 00:30-01:45'), at('2026-11-01T05:50:00Z'))?.toISOString()).toBe('2026-11-01T06:00:00.000Z');
  });

  it('agrees with a minute-by-minute scan around both 2026 DST changes', () => {
    // Daily windows that start before, inside and after the skipped / repeated hour.
    const specs = ['Mon-Sun 01:00-01:45,02:30-03:15,08:00-20:00', 'Mon-Sun 00:30-01:30'];
    const slowNextOpening = (s: Schedule, now: Date): number | null => {
      if (isIntakeOpen(s, now)) return now.getTime();
      for (let t = Math.floor(now.getTime() / 60_000) * 60_000 + 60_000, i = 0; i < 2 * 1440; i++, t += 60_000) {
        if (isIntakeOpen(s, new Date(t))) return t;
      }
      return null;
    };
    for (const change of ['2026-03-08T06:00:00Z', '2026-11-01T05:00:00Z']) {
      for (const spec of specs) {
        const s = schedule(spec);
        // Every 47 minutes (plus 13 seconds) from 15 hours before to 15 hours after the change.
        for (let minutes = -15 * 60; minutes <= 15 * 60; minutes += 47) {
          const now = new Date(Date.parse(change) + minutes * 60_000 + 13_000);
          expect([now.toISOString(), nextOpening(s, now)?.getTime() ?? null]).toEqual([now.toISOString(), slowNextOpening(s, now)]);
        }
      }
    }
  });

  it('returns null when intake is closed', () => {
    expect(nextOpening(schedule('closed'), at('2026-01-05T15:00:00Z'))).toBeNull();
  });

  it('returns null when every day for more than a year is a holiday', () => {
    const start = Date.UTC(2026, 0, 1);
    const allYear = Array.from({ length: 400 }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
    expect(nextOpening(schedule('24/7', allYear), at('2026-01-01T17:00:00Z'))).toBeNull();
  });

  it('returns now for 24/7', () => {
    const now = at('2026-03-08T07:30:00Z');
    expect(nextOpening(schedule('24/7'), now)?.getTime()).toBe(now.getTime());
  });

  it('skips a run of holidays after a weekday evening', () => {
    const withHoliday = schedule(CLINIC, ['2026-12-25', '2026-12-26']);
    const now = at('2026-12-25T01:30:00Z'); // Thursday 24 December 20:30 EST → Monday 28th.
    expect(nextOpening(withHoliday, now)?.toISOString()).toBe('2026-12-28T13:00:00.000Z');
  });
});

describe('describeHours', () => {
  const say = (spec: string, words: HoursWords = EN) => describeHours(parseIntakeHours(spec), 'en-US', words);

  it('groups consecutive days and reads whole hours without minutes', () => {
    expect(say(CLINIC)).toBe('Monday to Friday, 8 AM to 8 PM, and Saturday, 9 AM to 1 PM');
  });

  it('reads minutes only when they are not :00, and noon as 12 PM', () => {
    expect(say('Mon-Fri 08:30-17:00; Sat 09:00-12:00')).toBe('Monday to Friday, 8:30 AM to 5 PM, and Saturday, 9 AM to 12 PM');
  });

  it('reads two consecutive days with "and" and a wrapping range across Sunday', () => {
    expect(say('Sat-Sun 10:00-14:00')).toBe('Saturday and Sunday, 10 AM to 2 PM');
    expect(say('Fri-Mon 10:00-14:00; Tue-Thu 08:00-20:00')).toBe('Tuesday to Thursday, 8 AM to 8 PM, and Friday to Monday, 10 AM to 2 PM');
  });

  it('reads several ranges on the same days', () => {
    expect(say('Mon,Wed 08:00-12:00,13:00-17:00')).toBe('Monday and Wednesday, 8 AM to 12 PM and 1 PM to 5 PM');
  });

  it('reads an overnight window as one range', () => {
    expect(say('Fri 18:00-02:00')).toBe('Friday, 6 PM to 2 AM');
    expect(say('Mon-Fri 08:00-20:00; Fri 22:00-02:00')).toBe('Monday to Thursday, 8 AM to 8 PM, and Friday, 8 AM to 8 PM and 10 PM to 2 AM');
  });

  it('reads seven identical days as a range, or with words.everyDay', () => {
    expect(say('Mon-Sun 08:00-20:00')).toBe('Monday to Sunday, 8 AM to 8 PM');
    expect(say('Mon-Sun 08:00-20:00', { ...EN, everyDay: 'every day' })).toBe('every day, 8 AM to 8 PM');
  });

  it('reads whole days with words.allDay, else words.always', () => {
    expect(say('Mon-Fri 08:00-20:00; Sat-Sun 00:00-24:00')).toBe(
      'Monday to Friday, 8 AM to 8 PM, and Saturday and Sunday, any time, day or night',
    );
    expect(say('Sat-Sun 00:00-24:00', { ...EN, allDay: 'all day' })).toBe('Saturday and Sunday, all day');
    expect(say('Mon-Sun 00:00-24:00')).toBe('any time, day or night');
  });

  it('says words.always for 24/7 and words.never for closed', () => {
    expect(say('24/7')).toBe('any time, day or night');
    expect(say('closed')).toBe('not taking calls right now');
  });

  it('uses plain spaces, never ICU no-break spaces', () => {
    expect(say(CLINIC)).not.toMatch(/[\u00a0\u202f]/);
  });

  it('names days and times in Spanish for es-US', () => {
    const spanish = describeHours(parseIntakeHours(CLINIC), 'es-US', { ...EN, through: 'a', and: 'y' });
    expect(spanish).toContain('lunes');
    expect(spanish).toContain('sábado');
    expect(spanish).toMatch(/8 a\. ?m\./);
  });
});

describe('describeOpening', () => {
  const clinic = schedule(CLINIC);
  const say = (now: string, opening = nextOpening(clinic, at(now))) => {
    if (!opening) throw new Error('expected an opening');
    return describeOpening(clinic, opening, at(now), 'en-US', EN);
  };

  it('says "today" for later the same local day', () => {
    expect(say('2026-01-05T11:30:00Z')).toBe('today at 8 AM'); // Monday 06:30 EST
  });

  it('says "tomorrow" for the next local day, even when the UTC date is the same', () => {
    // Monday 5 January 21:00 EST is already 6 January in UTC; the opening is Tuesday 08:00 EST.
    expect(say('2026-01-06T02:00:00Z')).toBe('tomorrow at 8 AM');
  });

  it('says the weekday within the coming week', () => {
    expect(say('2026-01-10T18:00:00Z')).toBe('on Monday at 8 AM'); // Saturday 13:00 EST
    expect(say('2026-01-09T17:00:00Z', at('2026-01-10T14:00:00Z'))).toBe('tomorrow at 9 AM'); // Friday noon → Saturday
  });

  it('says minutes when the opening is not on the hour', () => {
    const early = schedule('Mon-Fri 08:30-17:00');
    const now = at('2026-01-05T12:00:00Z'); // Monday 07:00 EST
    const opening = nextOpening(early, now);
    expect(opening && describeOpening(early, opening, now, 'en-US', EN)).toBe('today at 8:30 AM');
  });

  it('says the full date when the opening is a week or more away', () => {
    // Monday 5 January → Monday 12 January 08:00 EST.
    expect(say('2026-01-05T15:00:00Z', at('2026-01-12T13:00:00Z'))).toBe('on Monday, January 12 at 8 AM');
    // Two weeks of holidays from Monday 21 December (EST) → Monday 4 January 2027.
    const start = Date.UTC(2026, 11, 21);
    const holidays = Array.from({ length: 14 }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
    const closedForTheHolidays = schedule(CLINIC, holidays);
    const now = at('2026-12-21T15:00:00Z');
    const opening = nextOpening(closedForTheHolidays, now);
    expect(opening?.toISOString()).toBe('2027-01-04T13:00:00.000Z');
    expect(opening && describeOpening(closedForTheHolidays, opening, now, 'en-US', EN)).toBe('on Monday, January 4 at 8 AM');
  });

  it('says the local time on a DST change day', () => {
    // Saturday 7 March 13:00 EST → Monday 9 March 08:00 EDT.
    expect(say('2026-03-07T18:00:00Z')).toBe('on Monday at 8 AM');
  });

  it('reads in Spanish for es-US', () => {
    const now = at('2026-01-10T18:00:00Z');
    const opening = nextOpening(clinic, now);
    const words = { ...EN, on: 'el', at: 'a las' };
    expect(opening && describeOpening(clinic, opening, now, 'es-US', words)).toMatch(/^el lunes a las 8 a\. ?m\.$/);
  });
});
