/** Days of the week as written in the config. */
export const WEEK_DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export type WeekDay = (typeof WEEK_DAYS)[number];

/** Business hours: local days and a local time span in an IANA time zone. */
export interface BusinessHours {
  /** IANA time zone, e.g. `Europe/Paris`. */
  timezone: string;
  /** Working days. */
  days: readonly WeekDay[];
  /** Start of the day, `HH:MM` local time (included). */
  start: string;
  /** End of the day, `HH:MM` local time (excluded); earlier than start means the span runs past midnight. */
  end: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** The local week day and minute of the day of `at` in `timezone` (pure; daylight saving time included). */
export function localTimeOf(at: number, timezone: string): { day: WeekDay; minute: number } {
  let day: WeekDay = 'sun';
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timezone).formatToParts(at)) {
    if (part.type === 'weekday') day = part.value.slice(0, 3).toLowerCase() as WeekDay;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

/**
 * Whether `at` falls in business hours (pure). A span past midnight (start 22:00, end 06:00) belongs to the day it
 * starts on: Friday 22:00 to Saturday 06:00 is in when Friday is a working day.
 */
export function isWithinBusinessHours(at: number, hours: BusinessHours): boolean {
  const { day, minute } = localTimeOf(at, hours.timezone);
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (start < end) return hours.days.includes(day) && minute >= start && minute < end;
  if (minute >= start) return hours.days.includes(day);
  const previous = WEEK_DAYS[(WEEK_DAYS.indexOf(day) + 6) % 7]!;
  return minute < end && hours.days.includes(previous);
}
