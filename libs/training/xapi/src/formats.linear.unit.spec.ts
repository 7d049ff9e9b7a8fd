import {
  durationForComparison, FORMAT_LENGTH_LIMITS, isDuration, isIri, isIrl, isLanguageTag, isMailtoIri, isMediaType, isSha1Hex, isSha2Hex, isTimestamp, isUuid, isVersion10x,
} from './formats';
import { parseStatementQuery, STATEMENT_QUERY_LIMITS } from './statement-query';
import { runInNewContext } from 'node:vm';

/**
 * Every validation pattern of the xAPI library meets attacker-shaped input of the longest length it
 * accepts: a length bound only protects if the pattern is linear up to that bound, and an input longer
 * than the bound proves nothing (it is refused before the pattern runs). A quadratic pattern took 2.3 s
 * on a 32 KB contentType; the old IRL pattern took ~40 ms on 4096 characters, still under its bound, and
 * the media-type pattern still doubled its time with each "; a= " within its 255 characters.
 */

/** The body limit of the services (libs/http): the most text one request can make a pattern read. */
const BODY = 64 * 1024;

/** Exactly `length` characters: `prefix`, `unit` repeated (cut to fit), `suffix`. */
function sized(length: number, unit: string, prefix = '', suffix = ''): string {
  const middle = length - prefix.length - suffix.length;
  return prefix + unit.repeat(Math.ceil(middle / unit.length)).slice(0, middle) + suffix;
}

type Format = Readonly<{
  name: string;
  check: (text: string) => unknown;
  /** The longest text the check gives its pattern. */
  limit: number;
  /** A well-formed value of exactly `length` characters: accepted at the limit (so the pattern did run there), refused beyond it. */
  valid?: (length: number) => string;
  /** Shapes that make backtracking patterns try every split: long runs that one part and the next both accept, then a failing end. */
  adversarial: (length: number) => string[];
}>;

const iris = (n: number) => [sized(n, 'a'), sized(n, 'a', 'http:', '\u0000'), sized(n, 'a1+.-', 'a'), sized(n, 'a', 'a:', ' ')];
const irls = (n: number) => [sized(n, 'a', 'http://', ' '), sized(n, 'a', 'http://', '\u0000'), sized(n, '/', 'http://a', '"'), sized(n, 'a/', 'http://', ' '), ...iris(n)];
const durations = (n: number) => [sized(n, '1', 'P', 'X'), sized(n, '1,1', 'PT', 'X'), sized(n, '1', 'PT1.', 'Q'), sized(n, '1.', 'PT', 'X'), sized(n, '1', 'PT', '.5X')];
const hexes = (n: number) => [sized(n, 'a', '', '-'), sized(n, '0', '', 'g'), sized(n, '0-')];
/** A private-use language tag of exactly `length` (3 or more) characters: subtags of at most 8. */
function languageTag(length: number): string {
  let tag = 'en-x';
  while (length - tag.length > 9) tag += '-aaaaaaaa';
  return `${tag}-${'a'.repeat(length - tag.length - 1)}`;
}
const query = (name: string) => (text: string) => parseStatementQuery({ [name]: text });

const FORMATS: readonly Format[] = [
  { name: 'isIri', check: isIri, limit: FORMAT_LENGTH_LIMITS.iri, valid: (n) => sized(n, 'b', 'http://a/'), adversarial: iris },
  { name: 'isIrl', check: isIrl, limit: FORMAT_LENGTH_LIMITS.iri, valid: (n) => sized(n, 'b', 'http://a/'), adversarial: irls },
  {
    name: 'isMailtoIri', check: isMailtoIri, limit: FORMAT_LENGTH_LIMITS.mailto, valid: (n) => sized(n, 'a', 'mailto:', '@example.org'),
    adversarial: (n) => [sized(n, 'a', 'mailto:', '@'), sized(n, 'a', 'mailto:a@', ' '), sized(n, '@', 'mailto:'), sized(n, 'a@', 'mailto:'), sized(n, 'a', 'mailto:', ':')],
  },
  {
    name: 'isMediaType', check: isMediaType, limit: FORMAT_LENGTH_LIMITS.mediaType, valid: (n) => sized(n, 'b', 'text/plain; a='),
    adversarial: (n) => [sized(n, ';a=a', 'a/a', ';'), sized(n, '=', 'a/a;a', ';'), sized(n, ' ', 'a/a;a=', ';'), sized(n, 'a=', 'a/a;', ';'), sized(n, ';a=', 'text/plain', ';'), sized(n, ' ; ', 'a/a', '='), sized(n, '; a= ', 'a/a', ';'), sized(n, ' ', 'a/a;a=b', ';')],
  },
  {
    name: 'isLanguageTag', check: isLanguageTag, limit: FORMAT_LENGTH_LIMITS.languageTag, valid: languageTag,
    adversarial: (n) => [sized(n, '-aaaaa', 'en', '-'), sized(n, '-a-aa', 'en', '-'), sized(n, '-x-a', 'en', '_'), sized(n, '-aaa', 'en', '!'), sized(n, '-a', 'x', '-')],
  },
  { name: 'isDuration', check: isDuration, limit: FORMAT_LENGTH_LIMITS.duration, valid: (n) => sized(n, '1', 'PT', 'S'), adversarial: durations },
  { name: 'durationForComparison', check: durationForComparison, limit: FORMAT_LENGTH_LIMITS.duration, adversarial: durations },
  {
    name: 'isTimestamp', check: isTimestamp, limit: FORMAT_LENGTH_LIMITS.timestamp, valid: (n) => sized(n, '1', '2015-11-18T12:17:00.', 'Z'),
    adversarial: (n) => [sized(n, '1', '2015-11-18T12:17:00.', 'X'), sized(n, '1'), sized(n, '1', '2015-11-18T12:17:00.', '+01:0')],
  },
  { name: 'isVersion10x', check: isVersion10x, limit: FORMAT_LENGTH_LIMITS.version, valid: (n) => sized(n, '1', '1.0.'), adversarial: (n) => [sized(n, '1', '1.0.', 'a'), sized(n, '0', '1.0.'), sized(n, '1', '1.0.1.')] },
  { name: 'isUuid', check: isUuid, limit: 36, valid: (n) => sized(n, 'a', '12345678-1234-1234-1234-'), adversarial: hexes },
  { name: 'isSha1Hex', check: isSha1Hex, limit: 40, valid: (n) => sized(n, 'a'), adversarial: hexes },
  { name: 'isSha2Hex', check: isSha2Hex, limit: 128, valid: (n) => sized(n, 'a'), adversarial: hexes },
  // Query parameters: each is refused beyond parameterLength, the cursor beyond cursorLength, before any pattern.
  { name: 'parseStatementQuery limit', check: query('limit'), limit: STATEMENT_QUERY_LIMITS.parameterLength, adversarial: (n) => [sized(n, '1'), sized(n, '1', '', 'a')] },
  { name: 'parseStatementQuery cursor', check: query('cursor'), limit: STATEMENT_QUERY_LIMITS.cursorLength, adversarial: (n) => [sized(n, 'a', '', '='), sized(n, '-_')] },
];

/** The adversarial inputs at the limit and just below it, each as often as one request body could hold it. */
function workOf(format: Format): string[] {
  const inputs = [...format.adversarial(format.limit), ...format.adversarial(format.limit - 1)];
  const copies = Math.ceil(BODY / format.limit);
  return inputs.flatMap((input) => Array.from({ length: copies }, () => input));
}

/**
 * The fastest of a few runs of the work, in milliseconds: a loaded machine only ever slows a run down.
 * A run is stopped after 2 s (a backtracking pattern may take hours) and counts as 2 s.
 */
function fastestRun(check: (text: string) => unknown, work: readonly string[]): number {
  let fastest = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = process.hrtime.bigint();
    try {
      runInNewContext('for (const input of work) check(input)', { check, work }, { timeout: 2000 });
    } catch {
      return 2000;
    }
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return fastest;
}

describe('xAPI validation patterns on adversarial input at their length limits', () => {
  it.each(FORMATS.map((format) => [format.name, format] as const))('%s builds its inputs at its limit and just below it', (_name, format) => {
    for (const input of format.adversarial(format.limit)) expect(input.length).toBe(format.limit);
    for (const input of format.adversarial(format.limit - 1)) expect(input.length).toBe(format.limit - 1);
  });

  it.each(FORMATS.filter((format) => format.valid).map((format) => [format.name, format] as const))('%s runs its pattern at its limit: a valid value of that length passes, one character more is refused', (_name, format) => {
    const valid = format.valid as (length: number) => string;
    expect(format.check(valid(format.limit))).toBe(true);
    expect(format.check(valid(format.limit + 1))).toBe(false);
  });

  it.each(FORMATS.map((format) => [format.name, format] as const))('%s refuses a request body full of adversarial text at its limit in linear time', (_name, format) => {
    const work = workOf(format);
    // Linear matching of 64 KB takes about a millisecond; a pattern that backtracks at its limit takes far
    // longer (the old IRL pattern 16 times on 4096 characters: about 700 ms; the media-type pattern before
    // "; a= " was split one way: hours). 400 ms is the fastest of three runs with the other core busy and a
    // load of 18 on it still stays far below (a 100 ms bound failed once so), and still catches both old patterns.
    expect(fastestRun(format.check, work)).toBeLessThan(400);
    for (const input of new Set(work)) expect(format.check(input)).not.toBe(true);
  });

  it('bounds every format before its pattern runs, and the bounds fit what the specification needs', () => {
    expect(FORMAT_LENGTH_LIMITS).toEqual(expect.objectContaining({ iri: 4096, mailto: 320, mediaType: 255, languageTag: 128, duration: 64, timestamp: 64, version: 32 }));
    expect(isMediaType('application/json; charset=utf-8')).toBe(true);
    expect(isMediaType(`text/plain; a=${'b'.repeat(260)}`)).toBe(false);
    expect(durationForComparison('PT1.2345S')).toBe('PT1.23S');
  });
});
