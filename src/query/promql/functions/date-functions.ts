/**
 * The calendar fields Prometheus's date functions return, for a value taken as Unix seconds in
 * UTC. Like Go's `time.Unix(int64(v), 0)`, the value is truncated toward zero first, and the
 * proleptic Gregorian calendar is used for every year (JS Date would stop at ±275,760 years).
 *
 * Values that are NaN, ±Inf or beyond ±2^63 give NaN here; Prometheus converts them to an
 * unspecified int64 and prints whatever date that is.
 */
export type DateField =
  | 'year'
  | 'month'
  | 'day_of_month'
  | 'day_of_week'
  | 'day_of_year'
  | 'days_in_month'
  | 'hour'
  | 'minute';

const SECONDS_PER_DAY = 86400;
const INT64_LIMIT = 2 ** 63;
/** Days before the first of each month in a common year (index 0 = January). */
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334] as const;

export function dateField(field: DateField, v: number): number {
  if (!(Math.abs(v) < INT64_LIMIT)) return NaN;
  const seconds = Math.trunc(v);
  const days = Math.floor(seconds / SECONDS_PER_DAY);
  const secondOfDay = seconds - days * SECONDS_PER_DAY;
  switch (field) {
    case 'hour':
      return Math.floor(secondOfDay / 3600);
    case 'minute':
      return Math.floor((secondOfDay % 3600) / 60);
    case 'day_of_week':
      // 1970-01-01 was a Thursday (4); Sunday is 0.
      return (((days + 4) % 7) + 7) % 7;
    default:
      break;
  }
  // Civil date from a day count (H. Hinnant's algorithm): eras of 400 years starting in March.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfMarchYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfMarchYear + 2) / 153);
  const day = dayOfMarchYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  switch (field) {
    case 'year':
      return year;
    case 'month':
      return month;
    case 'day_of_month':
      return day;
    case 'day_of_year':
      return DAYS_BEFORE_MONTH[month - 1]! + day + (month > 2 && isLeapYear(year) ? 1 : 0);
    case 'days_in_month':
      return daysInMonth(year, month);
  }
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
