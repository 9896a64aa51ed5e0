/**
 * When the intake team takes calls.
 *
 * The clinic's configuration gives three variables:
 * - INTAKE_HOURS: `Mon-Fri 08:00-20:00; Sat 09:00-13:00`, `24/7` or `closed` (grammar below).
 * - TIMEZONE: an IANA zone such as `America/New_York`. Every decision is made on the clinic's
 *   wall clock in that zone (never the server's zone), read with Intl.DateTimeFormat#formatToParts.
 * - HOLIDAYS: comma-separated `YYYY-MM-DD` dates. A holiday closes every minute whose local date
 *   (in TIMEZONE) is the holiday, including the after-midnight part of a window that started the
 *   evening before. Holidays apply to `24/7` too; they never open a `closed` line.
 *
 * INTAKE_HOURS grammar: segments separated by `;`. A segment is DAYS followed by one or more time
 * ranges separated by `,` (`Mon,Wed 08:00-12:00,13:00-17:00`). DAYS is a 3-letter English day
 * (`Mon`), a range that may wrap past Sunday (`Mon-Fri`, `Sat-Sun`, `Fri-Mon`) or a comma list of
 * those; case and whitespace do not matter. Times are 24h `HH:MM` (a one-digit hour is accepted);
 * `24:00` may end a range. An end earlier than the start runs past midnight into the next day
 * (`Fri 18:00-02:00` is Friday 6 PM to Saturday 2 AM). Overlapping or touching windows are merged.
 *
 * Daylight saving: a window is "open" for every instant whose local wall-clock minute lies inside
 * it. On a spring-forward day a window that starts inside the skipped hour opens when the clocks
 * jump; on a fall-back day the repeated hour is open (or closed) both times round.
 */
import { perObject } from '../per-object';

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 = Sunday, as Date#getDay

/** Minutes after local midnight, 0 <= start < end <= 1440 (overnight ranges are split into two windows). */
export interface Window {
  day: Weekday;
  start: number;
  end: number;
}

export type IntakeHours = { kind: 'always' } | { kind: 'closed' } | { kind: 'weekly'; windows: Window[] };

/** `holidays` are 'YYYY-MM-DD' dates in `timeZone`. */
export interface Schedule {
  hours: IntakeHours;
  timeZone: string;
  holidays: readonly string[];
}

/** The clinic's wall clock at one instant. */
export interface LocalMoment {
  weekday: Weekday;
  /** YYYY-MM-DD */
  date: string;
  /** after local midnight */
  minutes: number;
}

/**
 * Connecting words for the spoken descriptions; day and time names come from Intl.
 * English: { through: 'to', and: 'and', today: 'today', tomorrow: 'tomorrow', on: 'on', at: 'at',
 *            always: 'any time, day or night', never: 'not taking calls right now' }
 */
export interface HoursWords {
  through: string;
  and: string;
  today: string;
  tomorrow: string;
  on: string;
  at: string;
  always: string;
  never: string;
  /** Said for a day open midnight to midnight (e.g. 'all day'); `always` is used when absent. */
  allDay?: string;
  /** Said instead of 'Monday to Sunday' when all seven days share the same hours (e.g. 'every day'). */
  everyDay?: string;
}

export type ScheduleVariable = 'INTAKE_HOURS' | 'HOLIDAYS' | 'TIMEZONE';

/** A configuration value that cannot be used. The message names the variable and shows a valid example. */
export class ScheduleConfigError extends Error {
  override readonly name = 'ScheduleConfigError';
  /** Which variable is wrong, when known. */
  readonly variable: ScheduleVariable | undefined;

  constructor(message: string, variable?: ScheduleVariable) {
    super(message);
    this.variable = variable;
  }
}

const MINUTES_PER_DAY = 1440;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** nextOpening gives up (returns null) when nothing opens within this many days. */
const HORIZON_DAYS = 370;

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

const HOURS_EXAMPLE =
  'Use 3-letter days and 24h times, e.g. INTAKE_HOURS="Mon-Fri 08:00-20:00; Sat 09:00-13:00", or "24/7", or "closed".';
const HOLIDAYS_EXAMPLE =
  'Use YYYY-MM-DD dates separated by commas, e.g. HOLIDAYS="2026-12-25, 2027-01-01", or leave it empty for none.';
const TIMEZONE_EXAMPLE = 'Use an IANA time zone name, e.g. TIMEZONE="America/New_York".';

function hoursError(spec: string, problem: string): ScheduleConfigError {
  return new ScheduleConfigError(`INTAKE_HOURS: "${spec}" — ${problem}. ${HOURS_EXAMPLE}`, 'INTAKE_HOURS');
}

function holidaysError(spec: string, problem: string): ScheduleConfigError {
  return new ScheduleConfigError(`HOLIDAYS: "${spec}" — ${problem}. ${HOLIDAYS_EXAMPLE}`, 'HOLIDAYS');
}

function timeZoneError(tz: string, problem: string): ScheduleConfigError {
  return new ScheduleConfigError(`TIMEZONE: "${tz}" — ${problem}. ${TIMEZONE_EXAMPLE}`, 'TIMEZONE');
}

const DAY_ABBREVIATIONS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function toWeekday(n: number): Weekday {
  return (((n % 7) + 7) % 7) as Weekday;
}

function dayByName(name: string): Weekday | undefined {
  const index = (DAY_ABBREVIATIONS as readonly string[]).indexOf(name.toLowerCase());
  return index === -1 ? undefined : toWeekday(index);
}

/** Parses INTAKE_HOURS. Throws ScheduleConfigError. */
export function parseIntakeHours(spec: string): IntakeHours {
  const text = spec.trim();
  if (text === '') throw hoursError(text, 'it is empty');
  const compact = text.replace(/\s+/g, '').toLowerCase();
  if (compact === '24/7') return { kind: 'always' };
  if (compact === 'closed') return { kind: 'closed' };

  const segments = text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (segments.length === 0) throw hoursError(text, 'it has no days or times');

  const windows: Window[] = [];
  for (const segment of segments) {
    // Whitespace around '-' and ',' does not matter; an en dash counts as '-'.
    const tidy = segment.replace(/\s*([,\-\u2013])\s*/g, (_match, sep: string) => (sep === ',' ? ',' : '-'));
    const firstDigit = tidy.search(/\d/);
    const daysText = (firstDigit === -1 ? tidy : tidy.slice(0, firstDigit)).trim();
    const timesText = firstDigit === -1 ? '' : tidy.slice(firstDigit).trim();
    if (daysText === '') throw hoursError(text, `"${segment}" does not start with a day`);
    const days = parseDays(text, daysText);
    if (timesText === '') throw hoursError(text, `"${segment}" has no opening times`);

    for (const range of timesText.split(',')) {
      const { start, end } = parseTimeRange(text, timesText, range);
      for (const day of days) {
        if (start < end) {
          windows.push({ day, start, end });
        } else {
          // Runs past midnight into the next day.
          windows.push({ day, start, end: MINUTES_PER_DAY });
          if (end > 0) windows.push({ day: toWeekday(day + 1), start: 0, end });
        }
      }
    }
  }
  return { kind: 'weekly', windows: normalizeWindows(windows) };
}

function parseDays(spec: string, daysText: string): Weekday[] {
  const days = new Set<Weekday>();
  for (const item of daysText.split(',')) {
    const ends = item.split('-');
    if (ends.length > 2) throw hoursError(spec, `cannot read the day range "${item}" (write it like Mon-Fri)`);
    const parsed: Weekday[] = [];
    for (const name of ends) {
      const trimmed = name.trim();
      if (trimmed === '') throw hoursError(spec, `"${daysText}" is missing a day`);
      const day = dayByName(trimmed);
      if (day !== undefined) {
        parsed.push(day);
        continue;
      }
      const words = trimmed.split(/\s+/);
      const unknown = words.find((w) => dayByName(w) === undefined);
      if (unknown !== undefined) throw hoursError(spec, `unknown day "${unknown}"`);
      throw hoursError(spec, `cannot read the days "${daysText}" (separate days with commas, e.g. Mon,Wed)`);
    }
    const [from, to] = parsed;
    if (from === undefined) continue; // unreachable: split always yields one item
    days.add(from);
    if (to !== undefined) {
      for (let d = from; d !== to; ) {
        d = toWeekday(d + 1);
        days.add(d);
      }
    }
  }
  return [...days];
}

function parseTimeRange(spec: string, timesText: string, range: string): { start: number; end: number } {
  if (range.trim() === '') throw hoursError(spec, `"${timesText}" has an empty time range`);
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(range.trim());
  if (!match) throw hoursError(spec, `cannot read the time range "${range.trim()}" (write it like 08:00-20:00)`);
  const start = parseClock(spec, match[1] ?? '', match[2] ?? '', false);
  const end = parseClock(spec, match[3] ?? '', match[4] ?? '', true);
  if (start === end) throw hoursError(spec, `"${range.trim()}" starts and ends at the same time`);
  return { start, end };
}

function parseClock(spec: string, hh: string, mm: string, isEnd: boolean): number {
  const hours = Number(hh);
  const minutes = Number(mm);
  const shown = `${hh}:${mm}`;
  if (hours === 24 && minutes === 0) {
    if (isEnd) return MINUTES_PER_DAY;
    throw hoursError(spec, `"${shown}" can only end a time range (start at 00:00 instead)`);
  }
  if (hours > 23) throw hoursError(spec, `"${shown}" is not a 24h time (hours go from 00 to 23)`);
  if (minutes > 59) throw hoursError(spec, `"${shown}" is not a valid time (minutes go from 00 to 59)`);
  return hours * 60 + minutes;
}

/** Checks windows, merges overlapping or touching ones, and sorts them by day then start. */
function normalizeWindows(windows: readonly Window[]): Window[] {
  const out: Window[] = [];
  for (const [day, list] of windowsByDay(windows).entries()) {
    for (const w of list) out.push({ day: toWeekday(day), start: w.start, end: w.end });
  }
  return out;
}

/** Seven lists (index = Weekday) of merged, sorted windows. */
function windowsByDay(windows: readonly Window[]): Window[][] {
  const days: Window[][] = [[], [], [], [], [], [], []];
  for (const w of windows) {
    const valid =
      Number.isInteger(w.day) &&
      w.day >= 0 &&
      w.day <= 6 &&
      Number.isInteger(w.start) &&
      Number.isInteger(w.end) &&
      w.start >= 0 &&
      w.start < w.end &&
      w.end <= MINUTES_PER_DAY;
    if (!valid) {
      throw new ScheduleConfigError(
        `INTAKE_HOURS: window ${JSON.stringify(w)} is invalid — need day 0-6 and 0 <= start < end <= 1440 minutes. ${HOURS_EXAMPLE}`,
        'INTAKE_HOURS',
      );
    }
    days[w.day]?.push(w);
  }
  return days.map((list) => {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    const merged: Window[] = [];
    for (const w of sorted) {
      const last = merged[merged.length - 1];
      if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
      else merged.push({ day: w.day, start: w.start, end: w.end });
    }
    return merged;
  });
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days since 1970-01-01 of a real 'YYYY-MM-DD' date, or undefined. */
function civilDayNumber(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const monthLength = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > monthLength) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, no 1900 offset for years < 100
  return Math.round(d.getTime() / DAY_MS);
}

/** Parses HOLIDAYS into sorted, de-duplicated 'YYYY-MM-DD' dates. Empty means none. Throws ScheduleConfigError. */
export function parseHolidays(spec: string): string[] {
  const text = spec.trim();
  const dates = new Set<string>();
  for (const item of text.split(',')) {
    const date = item.trim();
    if (date === '') continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw holidaysError(text, `"${date}" is not a YYYY-MM-DD date`);
    if (civilDayNumber(date) === undefined) throw holidaysError(text, `"${date}" is not a real date`);
    dates.add(date);
  }
  return [...dates].sort();
}

/** Returns the zone (trimmed) if Intl knows it. Throws ScheduleConfigError. */
export function parseTimeZone(tz: string): string {
  const zone = tz.trim();
  if (zone === '') throw timeZoneError(zone, 'it is empty');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw timeZoneError(zone, 'this is not a time zone this server knows');
  }
  return zone;
}

/**
 * Builds a Schedule from environment-style variables (INTAKE_HOURS, TIMEZONE, optional HOLIDAYS).
 * Throws ScheduleConfigError naming the first variable that is missing or wrong.
 */
export function scheduleFromEnv(env: Readonly<Record<string, string | undefined>>): Schedule {
  const hours = env['INTAKE_HOURS'];
  if (hours === undefined) throw hoursError('', 'it is not set');
  const zone = env['TIMEZONE'];
  if (zone === undefined) throw timeZoneError('', 'it is not set');
  return {
    hours: parseIntakeHours(hours),
    timeZone: parseTimeZone(zone),
    holidays: parseHolidays(env['HOLIDAYS'] ?? ''),
  };
}

// ---------------------------------------------------------------------------------------------
// The clinic's wall clock
// ---------------------------------------------------------------------------------------------

const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** The local wall-clock time at instant `t`, expressed as milliseconds as if that wall clock were UTC. */
function wallMsAt(timeZone: string, t: number): number {
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of wallClock(timeZone).formatToParts(t)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value) % 24; // some engines once wrote midnight as "24"
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** UTC offset (ms, east positive) in force at instant `t`. */
function offsetAt(timeZone: string, t: number): number {
  return wallMsAt(timeZone, t) - Math.floor(t / 1000) * 1000;
}

/** Each zone's UTC offset in the minute last asked about: one Intl lookup a minute, not one a webhook. */
const offsetThisMinute = new Map<string, { minute: number; offset: number }>();

/** wallMsAt, for "now": zones change offset only on whole minutes, so a minute's offset holds for all of it. */
function wallMsNow(timeZone: string, t: number): number {
  const minute = Math.floor(t / MINUTE_MS);
  let known = offsetThisMinute.get(timeZone);
  if (known?.minute !== minute) {
    known = { minute, offset: offsetAt(timeZone, minute * MINUTE_MS) };
    offsetThisMinute.set(timeZone, known);
  }
  return Math.floor(t / 1000) * 1000 + known.offset;
}

function weekdayOfDayNumber(dayNumber: number): Weekday {
  return toWeekday(dayNumber + 4); // 1970-01-01 was a Thursday
}

function dateOfDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The clinic's wall clock (date, weekday, minutes after midnight) at `at`. */
export function localMoment(timeZone: string, at: Date): LocalMoment {
  const wall = wallMsAt(timeZone, at.getTime());
  const dayNumber = Math.floor(wall / DAY_MS);
  return {
    weekday: weekdayOfDayNumber(dayNumber),
    date: dateOfDayNumber(dayNumber),
    minutes: Math.floor((wall - dayNumber * DAY_MS) / MINUTE_MS),
  };
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

interface Compiled {
  /** index = Weekday; merged, sorted windows */
  days: Window[][];
  /** holidays as days since 1970-01-01 */
  holidays: Set<number>;
  opensAtAll: boolean;
}

const ALL_DAY: Window[][] = [0, 1, 2, 3, 4, 5, 6].map((d) => [{ day: toWeekday(d), start: 0, end: MINUTES_PER_DAY }]);

/** A schedule is compiled once: it is fixed at start-up, and every greeting asks about it. */
const compile = perObject(compileNow);

function compileNow(schedule: Schedule): Compiled {
  const holidays = new Set<number>();
  for (const date of schedule.holidays) {
    const n = civilDayNumber(date.trim());
    if (n === undefined) throw holidaysError(schedule.holidays.join(', '), `"${date}" is not a real YYYY-MM-DD date`);
    holidays.add(n);
  }
  const { hours } = schedule;
  const days = hours.kind === 'always' ? ALL_DAY : hours.kind === 'weekly' ? windowsByDay(hours.windows) : [];
  return { days, holidays, opensAtAll: days.some((list) => list.length > 0) };
}

/** Whether the wall-clock minute `wall` (ms as if UTC) is inside a window and not on a holiday. */
function covered(c: Compiled, wall: number): boolean {
  const dayNumber = Math.floor(wall / DAY_MS);
  if (c.holidays.has(dayNumber)) return false;
  const minutes = Math.floor((wall - dayNumber * DAY_MS) / MINUTE_MS);
  const list = c.days[weekdayOfDayNumber(dayNumber)] ?? [];
  return list.some((w) => w.start <= minutes && minutes < w.end);
}

/** Whether intake takes calls at `now`, judged on the clinic's wall clock. */
export function isIntakeOpen(schedule: Schedule, now: Date): boolean {
  const c = compile(schedule);
  if (!c.opensAtAll) return false;
  return covered(c, wallMsNow(schedule.timeZone, now.getTime()));
}

/** First instant in (lo, hi] whose offset differs from `offset`, assuming one change and whole-minute transitions. */
function findTransition(timeZone: string, lo: number, hi: number, offset: number): number {
  while (hi - lo > MINUTE_MS) {
    const mid = hi - Math.ceil((hi - lo) / MINUTE_MS / 2) * MINUTE_MS;
    if (offsetAt(timeZone, mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The instant intake next opens: `now` itself if open now, otherwise the exact instant (to the
 * minute) the next window starts, skipping holidays and following daylight-saving changes.
 * Null when it never opens ('closed', or nothing in the next 370 days).
 *
 * Walks the clinic's local days, one Intl lookup per day (more only on a day whose UTC offset
 * changes), and tries each window start of the day in order.
 */
export function nextOpening(schedule: Schedule, now: Date): Date | null {
  const c = compile(schedule);
  if (!c.opensAtAll) return null;
  const tz = schedule.timeZone;
  const nowMs = now.getTime();

  let offset = offsetAt(tz, nowMs);
  if (covered(c, nowMs + offset)) return new Date(nowMs);

  // [pieceStart, …) is the stretch where `offset` holds; before it, `previousOffset` held.
  let pieceStart = -Infinity;
  let previousOffset = offset;
  // An opening is an open minute whose previous minute was closed.
  const opensAt = (t: number): boolean => {
    const before = t - MINUTE_MS;
    const beforeOffset = before >= pieceStart ? offset : previousOffset;
    return covered(c, t + offset) && !covered(c, before + beforeOffset);
  };

  const horizon = nowMs + HORIZON_DAYS * DAY_MS;
  let cursor = nowMs; // instants before cursor have been examined
  while (cursor < horizon) {
    const dayNumber = Math.floor((cursor + offset) / DAY_MS);
    const dayEnd = (dayNumber + 1) * DAY_MS - offset; // next local midnight, if the offset holds
    const offsetChanges = offsetAt(tz, dayEnd) !== offset;
    const pieceEnd = offsetChanges ? findTransition(tz, cursor, dayEnd, offset) : dayEnd;

    if (!c.holidays.has(dayNumber)) {
      for (const w of c.days[weekdayOfDayNumber(dayNumber)] ?? []) {
        const t = dayNumber * DAY_MS + w.start * MINUTE_MS - offset;
        if (t >= pieceEnd) break; // starts after the clocks change: next pass with the new offset
        if (t > nowMs && t >= cursor && opensAt(t)) return new Date(t);
      }
    }

    if (offsetChanges) {
      previousOffset = offset;
      offset = offsetAt(tz, pieceEnd);
      pieceStart = pieceEnd;
      // The clocks may jump into a window (spring forward past a start, or fall back into one).
      if (pieceEnd > nowMs && opensAt(pieceEnd)) return new Date(pieceEnd);
    }
    cursor = pieceEnd;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Spoken descriptions
// ---------------------------------------------------------------------------------------------

/** ICU puts no-break and narrow no-break spaces in times ("8\u202fAM"); speech wants plain spaces. */
function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

interface TimeFormats {
  hour: Intl.DateTimeFormat;
  hourMinute: Intl.DateTimeFormat;
  twentyFourHour: boolean;
}

const timeFormats = new Map<string, TimeFormats>();

function timeFormatsFor(locale: string): TimeFormats {
  let formats = timeFormats.get(locale);
  if (!formats) {
    const hour = new Intl.DateTimeFormat(locale, { hour: 'numeric', timeZone: 'UTC' });
    const cycle = hour.resolvedOptions().hourCycle;
    formats = {
      hour,
      hourMinute: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }),
      twentyFourHour: cycle === 'h23' || cycle === 'h24',
    };
    timeFormats.set(locale, formats);
  }
  return formats;
}

/** "8 AM", "8:30 AM", "12 PM" (24-hour locales always get minutes: "20:00"). */
function spokenTime(locale: string, minutes: number): string {
  const m = ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const f = timeFormatsFor(locale);
  const format = m % 60 === 0 && !f.twentyFourHour ? f.hour : f.hourMinute;
  return plainSpaces(format.format(Date.UTC(2000, 0, 1, 0, m)));
}

function dayName(locale: string, day: Weekday): string {
  // 2023-01-01 was a Sunday.
  return plainSpaces(new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2023, 0, 1 + day)));
}

/** "a", "a and b", "a, b and c" */
function joinInner(items: readonly string[], and: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1] ?? ''}`;
}

/** "a", "a, and b", "a, b, and c" (each item already holds a comma, so the last one needs one too). */
function joinOuter(items: readonly string[], and: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')}, ${and} ${items[items.length - 1] ?? ''}`;
}

/** Monday-first position of a weekday (Monday 0 … Sunday 6). */
function mondayFirst(day: Weekday): number {
  return (day + 6) % 7;
}

function fromMondayFirst(index: number): Weekday {
  return toWeekday(index + 1);
}

/**
 * Reads hours aloud: "Monday to Friday, 8 AM to 8 PM, and Saturday, 9 AM to 1 PM".
 * Days with identical hours are said together (consecutive ones as a range, wrapping past Sunday:
 * "Friday to Monday"); a window past midnight is said as one range ("Friday, 6 PM to 2 AM").
 */
export function describeHours(hours: IntakeHours, locale: string, words: HoursWords): string {
  if (hours.kind === 'always') return words.always;
  if (hours.kind === 'closed') return words.never;
  const days = windowsByDay(hours.windows);
  if (days.every((list) => list.length === 0)) return words.never;
  if (days.every((list) => list.length === 1 && list[0]?.start === 0 && list[0]?.end === MINUTES_PER_DAY)) {
    return words.always;
  }

  // Ranges as said aloud; `end` above 1440 runs into the next day.
  const said = days.map((list) => list.map((w) => ({ start: w.start, end: w.end })));
  const tailSaidByDayBefore = [false, false, false, false, false, false, false];
  for (let d = 0; d < 7; d++) {
    const last = days[d]?.[days[d]!.length - 1];
    const next = (d + 1) % 7;
    const first = days[next]?.[0];
    if (last && first && last.start > 0 && last.end === MINUTES_PER_DAY && first.start === 0 && first.end < MINUTES_PER_DAY) {
      const saidLast = said[d]?.[said[d]!.length - 1];
      if (saidLast) saidLast.end = MINUTES_PER_DAY + first.end;
      tailSaidByDayBefore[next] = true;
    }
  }
  const saidPerDay = said.map((list, d) => (tailSaidByDayBefore[d] ? list.slice(1) : list));

  // Group days (Monday first) by identical ranges.
  const groups = new Map<string, { ranges: { start: number; end: number }[]; days: number[] }>();
  for (let i = 0; i < 7; i++) {
    const ranges = saidPerDay[fromMondayFirst(i)] ?? [];
    if (ranges.length === 0) continue;
    const key = ranges.map((r) => `${r.start}-${r.end}`).join(',');
    const group = groups.get(key);
    if (group) group.days.push(i);
    else groups.set(key, { ranges, days: [i] });
  }

  const name = (index: number): string => dayName(locale, fromMondayFirst(index));
  const phrases: { order: number; text: string }[] = [];
  for (const group of groups.values()) {
    // Runs of consecutive days (Monday-first indexes), joining Sunday to Monday.
    const runs: { from: number; to: number }[] = [];
    for (const i of group.days) {
      const last = runs[runs.length - 1];
      if (last && last.to === i - 1) last.to = i;
      else runs.push({ from: i, to: i });
    }
    const firstRun = runs[0];
    const lastRun = runs[runs.length - 1];
    if (runs.length > 1 && firstRun && lastRun && firstRun.from === 0 && lastRun.to === 6) {
      runs.shift();
      lastRun.to = firstRun.to; // e.g. Friday to Monday
    }
    runs.sort((a, b) => a.from - b.from);

    let daysText: string;
    if (group.days.length === 7) {
      daysText = words.everyDay ?? `${name(0)} ${words.through} ${name(6)}`;
    } else {
      const items: string[] = [];
      for (const run of runs) {
        const length = ((run.to - run.from + 7) % 7) + 1;
        if (length >= 3) items.push(`${name(run.from)} ${words.through} ${name(run.to)}`);
        else if (length === 2) items.push(name(run.from), name(run.to));
        else items.push(name(run.from));
      }
      daysText = joinInner(items, words.and);
    }

    const timesText = joinInner(
      group.ranges.map((r) =>
        r.start === 0 && r.end === MINUTES_PER_DAY
          ? (words.allDay ?? words.always)
          : `${spokenTime(locale, r.start)} ${words.through} ${spokenTime(locale, r.end)}`,
      ),
      words.and,
    );
    phrases.push({ order: runs[0]?.from ?? 0, text: `${daysText}, ${timesText}` });
  }
  phrases.sort((a, b) => a.order - b.order);
  return joinOuter(
    phrases.map((p) => p.text),
    words.and,
  );
}

/**
 * When intake opens, as said to a caller: "today at 8 AM", "tomorrow at 8 AM", "on Monday at 8 AM"
 * (within the coming week), else "on Monday, January 5 at 8 AM" — judged on the clinic's local dates.
 */
export function describeOpening(schedule: Schedule, opening: Date, now: Date, locale: string, words: HoursWords): string {
  const tz = schedule.timeZone;
  const openingWall = wallMsAt(tz, opening.getTime());
  const openingDay = Math.floor(openingWall / DAY_MS);
  const nowDay = Math.floor(wallMsAt(tz, now.getTime()) / DAY_MS);
  const time = spokenTime(locale, Math.floor((openingWall - openingDay * DAY_MS) / MINUTE_MS));
  const daysAhead = openingDay - nowDay;

  if (daysAhead === 0) return `${words.today} ${words.at} ${time}`;
  if (daysAhead === 1) return `${words.tomorrow} ${words.at} ${time}`;
  if (daysAhead > 1 && daysAhead < 7) {
    return `${words.on} ${dayName(locale, weekdayOfDayNumber(openingDay))} ${words.at} ${time}`;
  }
  const date = plainSpaces(
    new Intl.DateTimeFormat(locale, { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(openingDay * DAY_MS),
  );
  return `${words.on} ${date} ${words.at} ${time}`;
}
