/** Asia/Jakarta (WIB) has kept UTC+7 without daylight saving since 1964, so a fixed offset is exact. */
const JAKARTA_OFFSET_MINUTES = 7 * 60;
const JAKARTA_OFFSET = '+07:00';

const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const TIME = String.raw`(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?`;
const OFFSET = String.raw`(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)`;

/** The W3C profile of ISO 8601 the specification requires for dates: time zone mandatory. */
const W3C_DATETIME = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);
/** What an attribute of datatype `datetime` may hold: a date, or a date and time with or without zone. */
const ISO_DATE_OR_DATETIME = new RegExp(`^${DATE}(?:T${TIME}(?:${OFFSET})?)?$`);

/** Any ISO instant as the specification's W3C format in Palembang's time zone, to the second. */
export function toOpen311Datetime(instant: string | Date): string {
  const milliseconds = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(milliseconds)) throw new Error(`Not an ISO 8601 instant: ${String(instant)}`);
  const wallClock = new Date(milliseconds + JAKARTA_OFFSET_MINUTES * 60_000);
  return wallClock.toISOString().slice(0, 19) + JAKARTA_OFFSET;
}

/** The instant of a W3C datetime with time zone, or undefined when the text is not one. */
export function parseW3cDatetime(text: string): Date | undefined {
  const match = W3C_DATETIME.exec(text);
  if (!match || !isRealDateAndTime(match)) return undefined;
  return new Date(Date.parse(text));
}

export function isIsoDateOrDatetime(text: string): boolean {
  const match = ISO_DATE_OR_DATETIME.exec(text);
  return match !== null && isRealDateAndTime(match);
}

/** `Date.parse` rolls 2026-02-30 over into March; the calendar check refuses it. */
function isRealDateAndTime([, year, month, day, hour = '0', minute = '0', second = '0']: RegExpExecArray): boolean {
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  const validDate = Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= daysInMonth;
  return validDate && Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 59;
}
