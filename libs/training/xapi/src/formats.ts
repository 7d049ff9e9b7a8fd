/**
 * The string formats of xAPI 1.0.3, validated best-effort as the specification allows (2.2.s4.b6, b7):
 * a scheme for IRIs, a scheme and host for IRLs, the RFC 5646 subtag sequence for language tags.
 */

/**
 * The longest text each format accepts, checked before any pattern runs: backtracking patterns are
 * only safe on bounded input (a 32 KB contentType once took 2.3 s). The bounds are well above what the
 * formats need: IRIs of real activities and verbs, RFC 5321 addresses (320), RFC 6838 media types
 * (127/127), RFC 5646 tags (35 recommended, extensions allowed).
 */
export const FORMAT_LENGTH_LIMITS = { iri: 4096, mailto: 320, mediaType: 255, languageTag: 128, duration: 64, timestamp: 64, version: 32 } as const;

/** A pattern that only runs on text no longer than `limit`. */
function bounded(limit: number, pattern: RegExp): (text: string) => boolean {
  return (text) => text.length <= limit && pattern.test(text);
}

const FORBIDDEN_IN_IRI = String.raw`\s<>"{}|\\^\x60\u0000-\u001f\u007f`;
const SCHEME = '[a-z][a-z0-9+.-]*';
const IRI = new RegExp(`^${SCHEME}:[^${FORBIDDEN_IN_IRI}]+$`, 'i');
// The authority, then (after its first / ? or #) anything: one way to split, so no backtracking.
const IRL = new RegExp(`^${SCHEME}://[^${FORBIDDEN_IN_IRI}/?#]+(?:[/?#][^${FORBIDDEN_IN_IRI}]*)?$`, 'i');
const MAILTO = /^mailto:[^\s@:/?#]+@[^\s@/?#]+$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA1_HEX = /^[0-9a-f]{40}$/i;
const SHA2_HEX = /^(?:[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i;
// A parameter name holds no "=", so a parameter splits one way only. Only the first ";" may follow white
// space: after a value the value itself holds any space before the next ";" (as "(\s*;...)*" let each value's
// trailing space go to it or to the next "\s*", 2^n ways: 114 characters of "; a= " took 0.2 s, and each 10 more characters quadruple it).
const PARAMETER = String.raw`[^;\s=]+=[^;]*`;
const MEDIA_TYPE = new RegExp(String.raw`^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;\s*${PARAMETER}(?:;\s*${PARAMETER})*)?$`);
/** 1.0 or any 1.0.x (Semantic Versioning 1.0.0): what the Statement version and the version header may hold (xAPI-Data 2.4.10; 1.0 is how 1.0.0 clients often write it). */
const VERSION_1_0_X = /^1\.0(?:\.(?:0|[1-9]\d*))?$/;

export const isIri = bounded(FORMAT_LENGTH_LIMITS.iri, IRI);
export const isIrl = bounded(FORMAT_LENGTH_LIMITS.iri, IRL);
export const isMailtoIri = bounded(FORMAT_LENGTH_LIMITS.mailto, MAILTO);
export const isUuid = bounded(36, UUID);
export const isSha1Hex = bounded(40, SHA1_HEX);
export const isSha2Hex = bounded(128, SHA2_HEX);
export const isMediaType = bounded(FORMAT_LENGTH_LIMITS.mediaType, MEDIA_TYPE);
export const isVersion10x = bounded(FORMAT_LENGTH_LIMITS.version, VERSION_1_0_X);

// RFC 5646 section 2.1: langtag, privateuse and the grandfathered tags.
const LANGUAGE = '(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})';
const SCRIPT = '(?:-[a-z]{4})?';
const REGION = String.raw`(?:-(?:[a-z]{2}|\d{3}))?`;
const VARIANTS = String.raw`(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*`;
const EXTENSIONS = '(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*';
const PRIVATE_USE = '(?:-x(?:-[a-z0-9]{1,8})+)?';
const GRANDFATHERED = [
  'en-GB-oed', 'i-ami', 'i-bnn', 'i-default', 'i-enochian', 'i-hak', 'i-klingon', 'i-lux', 'i-mingo', 'i-navajo', 'i-pwn', 'i-tao', 'i-tay',
  'i-tsu', 'sgn-BE-FR', 'sgn-BE-NL', 'sgn-CH-DE', 'art-lojban', 'cel-gaulish', 'no-bok', 'no-nyn', 'zh-guoyu', 'zh-hakka', 'zh-min',
  'zh-min-nan', 'zh-xiang',
].join('|');
const LANGUAGE_TAG = new RegExp(`^(?:${LANGUAGE}${SCRIPT}${REGION}${VARIANTS}${EXTENSIONS}${PRIVATE_USE}|x(?:-[a-z0-9]{1,8})+|${GRANDFATHERED})$`, 'i');

export const isLanguageTag = bounded(FORMAT_LENGTH_LIMITS.languageTag, LANGUAGE_TAG);

// ISO 8601:2004 4.4.3.2 durations: PnYnMnDTnHnMnS or PnW; the alternative format is not allowed.
const AMOUNT = String.raw`\d+(?:[.,]\d+)?`;
const DURATION = new RegExp(`^P(?:${AMOUNT}W|(?=\\d|T)(?:${AMOUNT}Y)?(?:${AMOUNT}M)?(?:${AMOUNT}D)?(?:T(?=\\d)(?:${AMOUNT}H)?(?:${AMOUNT}M)?(?:${AMOUNT}S)?)?)$`);

export const isDuration = bounded(FORMAT_LENGTH_LIMITS.duration, DURATION);

/** Durations compare as strings, except for precision beyond 0.01 s (4.6.s1.b5). */
export function durationForComparison(duration: string): string {
  // The search retries from every digit (quadratic), so only on a duration of bounded length.
  if (duration.length > FORMAT_LENGTH_LIMITS.duration) return duration;
  return duration.replace(/(\d+)[.,](\d+)S$/, (_, whole: string, fraction: string) => {
    const hundredths = fraction.slice(0, 2).replace(/0+$/, '');
    return hundredths ? `${whole}.${hundredths}S` : `${whole}S`;
  });
}

// ISO 8601 combined date and time, extended format, with a time zone designator.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/** The instant of an ISO 8601 timestamp with time zone, to the millisecond; undefined when it is not one. */
export function parseTimestamp(text: string): Date | undefined {
  if (text.length > FORMAT_LENGTH_LIMITS.timestamp) return undefined;
  const match = TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone, sign, offsetHours = '0', offsetMinutes = '0'] = match;
  if (!isCalendarTime(+year, +month, +day, +hour, +minute, +second) || +offsetHours > 23 || +offsetMinutes > 59) return undefined;
  // RFC 3339 4.3: -00:00 says the offset is unknown, so it names no instant; xAPI refuses -00, -0000 and -00:00 (xAPI-Data 4.5, Timestamps).
  if (sign === '-' && +offsetHours === 0 && +offsetMinutes === 0) return undefined;
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
  const offset = zone.toUpperCase() === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (+offsetHours * 60 + +offsetMinutes);
  const local = new Date(0);
  local.setUTCFullYear(+year, +month - 1, +day); // Date.UTC would read years 0-99 as 1900-1999
  local.setUTCHours(+hour, +minute, +second, milliseconds);
  return new Date(local.getTime() - offset * 60_000);
}

export const isTimestamp = (text: string): boolean => parseTimestamp(text) !== undefined;

/** The LRS returns timestamps in UTC (4.5.s1.b6), to the millisecond. */
export function formatTimestamp(instant: Date): string {
  return instant.toISOString();
}

function isCalendarTime(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
