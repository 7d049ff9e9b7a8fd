import {
  durationForComparison, FORMAT_LENGTH_LIMITS, isDuration, isIri, isIrl, isLanguageTag, isMailtoIri, isMediaType, isSha1Hex, isSha2Hex, isTimestamp, isUuid, isVersion10x,
} from './formats';
import { parseStatementQuery } from './statement-query';

/**
 * Every validation pattern of the xAPI library meets attacker-sized input (64 KB, the body limit allows
 * more than that in one statement): each answer must come in linear time, which the length bounds checked
 * before matching guarantee. A quadratic pattern took 2.3 s on a 32 KB contentType.
 */
const SIZE = 64 * 1024;
const repeat = (unit: string, prefix = '', suffix = '') => prefix + unit.repeat(Math.ceil((SIZE - prefix.length - suffix.length) / unit.length)) + suffix;

/** Shapes that make backtracking patterns try every split: long runs of what one part and the next both accept, then a failing end. */
const ADVERSARIAL: Readonly<Record<string, readonly string[]>> = {
  iri: [repeat('a'), repeat('a', 'http:', '\u0000'), repeat('a1+.-', 'a')],
  irl: [repeat('a', 'http://', ' '), repeat('a', 'http://', '\u0000'), repeat('/', 'http://a', '"')],
  mailto: [repeat('a', 'mailto:', '@'), repeat('a', 'mailto:a@', ' '), repeat('@', 'mailto:')],
  mediaType: [repeat(';a=a', 'a/a', ';'), repeat('=', 'a/a;a'), repeat(' ', 'a/a;a=', ';'), repeat('a=', 'a/a;', ';'), repeat(';a=', 'text/plain', '\n')],
  languageTag: [repeat('-aaaaa', 'en', '-'), repeat('-a-aa', 'en', '-'), repeat('-x-a', 'en', '_')],
  duration: [repeat('1', 'P', 'X'), repeat('1,1', 'PT', 'X'), repeat('1', 'PT1.', 'Q')],
  timestamp: [repeat('1', '2015-11-18T12:17:00.', 'X'), repeat('1')],
  hashes: [repeat('a'), repeat('0', '', 'g')],
  uuidAndVersion: [repeat('1', '1.0.'), repeat('0', '1.0.1')],
};

const CHECKS: ReadonlyArray<readonly [string, (text: string) => unknown, readonly string[]]> = [
  ['isIri', isIri, ADVERSARIAL.iri],
  ['isIrl', isIrl, [...ADVERSARIAL.irl, ...ADVERSARIAL.iri]],
  ['isMailtoIri', isMailtoIri, ADVERSARIAL.mailto],
  ['isMediaType', isMediaType, ADVERSARIAL.mediaType],
  ['isLanguageTag', isLanguageTag, ADVERSARIAL.languageTag],
  ['isDuration', isDuration, ADVERSARIAL.duration],
  ['durationForComparison', durationForComparison, ADVERSARIAL.duration],
  ['isTimestamp', isTimestamp, ADVERSARIAL.timestamp],
  ['isSha1Hex', isSha1Hex, ADVERSARIAL.hashes],
  ['isSha2Hex', isSha2Hex, ADVERSARIAL.hashes],
  ['isUuid', isUuid, ADVERSARIAL.uuidAndVersion],
  ['isVersion10x', isVersion10x, ADVERSARIAL.uuidAndVersion],
  ['parseStatementQuery (limit, cursor)', (text) => parseStatementQuery({ limit: text, cursor: text }), [repeat('1'), repeat('a')]],
];

function millisecondsOf(check: (text: string) => unknown, inputs: readonly string[]): number {
  const started = process.hrtime.bigint();
  for (const input of inputs) check(input);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

describe('xAPI validation patterns on long adversarial input', () => {
  it.each(CHECKS)('%s refuses 64 KB of adversarial text in linear time', (_name, check, inputs) => {
    for (const input of inputs) expect(input.length).toBeGreaterThanOrEqual(SIZE);
    check(inputs[0]); // warm up
    // Linear work on 64 KB takes well under a millisecond; quadratic backtracking takes seconds.
    // The bound is generous for a loaded 2-core machine and still 50 times under the quadratic cost.
    expect(millisecondsOf(check, inputs)).toBeLessThan(50);
    for (const input of inputs) expect(check(input)).not.toBe(true);
  });

  it('bounds every format before its pattern runs, and the bounds fit what the specification needs', () => {
    expect(FORMAT_LENGTH_LIMITS).toEqual(expect.objectContaining({ iri: 4096, mailto: 320, mediaType: 255, languageTag: 128, duration: 64, timestamp: 64, version: 32 }));
    expect(isIri(`http://a/${'b'.repeat(4000)}`)).toBe(true);
    expect(isIri(`http://a/${'b'.repeat(4090)}`)).toBe(false);
    expect(isMediaType('application/json; charset=utf-8')).toBe(true);
    expect(isMediaType(`text/plain; a=${'b'.repeat(260)}`)).toBe(false);
  });

  it('keeps the duration comparison of long durations linear', () => {
    const long = repeat('1', 'PT', '.5S');
    const started = process.hrtime.bigint();
    durationForComparison(long);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
  });
});
