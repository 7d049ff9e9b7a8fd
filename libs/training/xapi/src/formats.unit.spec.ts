import { durationForComparison, isDuration, isIri, isIrl, isLanguageTag, isMailtoIri, isUuid, parseTimestamp } from './formats';

describe('language tags (RFC 5646)', () => {
  it.each(['en', 'en-US', 'id-ID', 'es-MX', 'zh-Hant-TW', 'tlh', 'sr-Latn-RS', 'de-CH-1901', 'en-US-x-twain', 'x-private', 'i-klingon', 'es-419', 'zh-yue-HK'])(
    'accepts %s',
    (tag) => expect(isLanguageTag(tag)).toBe(true),
  );
  it.each(['', 'en_US', 'englishlanguage', 'e', 'en-', '-en', 'en--US', 'en-US-x'])('refuses "%s"', (tag) => expect(isLanguageTag(tag)).toBe(false));
});

describe('ISO 8601 durations', () => {
  it.each(['PT4H35M59.14S', 'P3Y1M29DT4H35M59.14S', 'P3Y', 'P4W', 'PT1234S', 'PT1H0M0S', 'P1D', 'PT0.5S'])('accepts %s', (text) => expect(isDuration(text)).toBe(true));
  it.each(['', 'P', 'PT', 'P1DT', 'P4W1D', 'PT1H30', '1H', 'P0001-02-03T04:05:06', 'PT-1S'])('refuses "%s"', (text) => expect(isDuration(text)).toBe(false));

  it('compares to 0.01 s', () => {
    expect(durationForComparison('PT59.149S')).toBe('PT59.14S');
    expect(durationForComparison('PT59.001S')).toBe('PT59S');
    expect(durationForComparison('PT1H')).toBe('PT1H');
  });
});

describe('timestamps', () => {
  it('reads the instant of an ISO 8601 timestamp with any time zone designator', () => {
    const instant = new Date('2015-11-18T12:17:00.000Z');
    expect(parseTimestamp('2015-11-18T12:17:00+00:00')).toEqual(instant);
    expect(parseTimestamp('2015-11-18T12:17:00Z')).toEqual(instant);
    expect(parseTimestamp('2015-11-18T19:17:00+07:00')).toEqual(instant);
    expect(parseTimestamp('2015-11-18T19:17+0700')).toEqual(instant);
    expect(parseTimestamp('2015-11-18T05:17:00-07')).toEqual(instant);
  });

  it('keeps milliseconds and truncates beyond', () => {
    expect(parseTimestamp('2013-05-18T05:32:34.804+00:00')?.toISOString()).toBe('2013-05-18T05:32:34.804Z');
    expect(parseTimestamp('2013-05-18T05:32:34.8049999Z')?.toISOString()).toBe('2013-05-18T05:32:34.804Z');
  });

  it.each(['2015-11-18T12:17:00', '2015-11-18', '2015-02-29T00:00:00Z', '2015-11-18T25:00:00Z', '18/11/2015 12:17 WIB', '2015-11-18T12:17:00+25:00', '2015-11-18T12:17:00-00', '2015-11-18T12:17:00-0000', '2015-11-18T12:17:00-00:00'])(
    'refuses "%s"',
    (text) => expect(parseTimestamp(text)).toBeUndefined(),
  );

  it('accepts 29 February of a leap year', () => expect(parseTimestamp('2024-02-29T00:00:00Z')).toEqual(new Date('2024-02-29T00:00:00Z')));
});

describe('identifiers', () => {
  it('IRIs need a scheme and no spaces', () => {
    expect(isIri('http://adlnet.gov/expapi/verbs/completed')).toBe(true);
    expect(isIri('http://example.com/فعل/خواندن')).toBe(true);
    expect(isIri('urn:uuid:6690e6c9-3ef0-4ed3-8b37-7f3964730bee')).toBe(true);
    expect(isIri('completed')).toBe(false);
    expect(isIri('http://example.com/a b')).toBe(false);
    expect(isIri('#fragment')).toBe(false);
  });

  it('IRLs need a scheme and a host', () => {
    expect(isIrl('https://simpeg.palembang.go.id')).toBe(true);
    expect(isIrl('urn:x:1')).toBe(false);
    expect(isIrl('http://')).toBe(false);
  });

  it('mailto IRIs and UUIDs', () => {
    expect(isMailtoIri('mailto:xapi@adlnet.gov')).toBe(true);
    expect(isMailtoIri('xapi@adlnet.gov')).toBe(false);
    expect(isUuid('6690E6C9-3EF0-4ED3-8B37-7F3964730BEE')).toBe(true);
    expect(isUuid('6690e6c93ef04ed38b377f3964730bee')).toBe(false);
  });
});
