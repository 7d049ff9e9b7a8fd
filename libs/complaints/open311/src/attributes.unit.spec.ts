import { validateAttributes } from './attributes';
import { Parsed } from './result';
import { SubmittedAttributes } from './service-request-form';
import { PALEMBANG_POTHOLE_DEFINITION, SPEC_SERVICE_DEFINITION } from './testing';

function errorsOf(result: Parsed<SubmittedAttributes>): string[] {
  if (result.ok) throw new Error('expected the attributes to be refused');
  expect(result.errors.every((error) => error.code === 400)).toBe(true);
  return result.errors.map((error) => error.description);
}

const validate = (attributes: SubmittedAttributes) => validateAttributes(PALEMBANG_POTHOLE_DEFINITION, attributes);

describe('attributes submitted for a service', () => {
  it('accepts the specification example answer', () => {
    expect(validateAttributes(SPEC_SERVICE_DEFINITION, { WHISHETN: '123' })).toEqual({ ok: true, value: { WHISHETN: '123' } });
  });

  it('accepts a value of every datatype and gives multivaluelists as lists', () => {
    const submitted = { UKURAN: 'besar', BAHAYA: 'motor', KEDALAMAN: '-12.5', SEJAK: '2026-11-30T09:15:00+07:00', PATOKAN: 'Depan masjid', CATATAN: 'Baris satu\nbaris dua' };
    expect(validate(submitted)).toEqual({ ok: true, value: { ...submitted, BAHAYA: ['motor'] } });
  });

  it('requires a required attribute', () => {
    expect(errorsOf(validate({}))).toEqual(['attribute[UKURAN] is required: Seberapa besar lubangnya?']);
    expect(errorsOf(validate({ UKURAN: '' }))).toEqual(['attribute[UKURAN] is required: Seberapa besar lubangnya?']);
  });

  it('lets an optional attribute be left out', () => {
    expect(validate({ UKURAN: 'kecil', BAHAYA: [] })).toEqual({ ok: true, value: { UKURAN: 'kecil' } });
  });

  it('refuses a singlevaluelist value that is not an option, or several values', () => {
    expect(errorsOf(validate({ UKURAN: 'sedang' }))).toEqual(['attribute[UKURAN] is not one of the options']);
    expect(errorsOf(validate({ UKURAN: ['kecil', 'besar'] }))).toEqual(['attribute[UKURAN] takes a single value']);
  });

  it('refuses multivaluelist values that are not options, and merges repeats', () => {
    expect(errorsOf(validate({ UKURAN: 'kecil', BAHAYA: ['motor', 'mobil', 'truk'] }))).toEqual(['attribute[BAHAYA] holds values that are not options: mobil, truk']);
    expect(validate({ UKURAN: 'kecil', BAHAYA: ['motor', 'motor'] })).toMatchObject({ ok: true, value: { BAHAYA: ['motor'] } });
  });

  it('refuses a number that is not numeric', () => {
    for (const value of ['dalam', '1e3', '12,5', 'NaN']) expect(errorsOf(validate({ UKURAN: 'kecil', KEDALAMAN: value }))).toEqual(['attribute[KEDALAMAN] must be a number']);
  });

  it('refuses a datetime that is not ISO 8601', () => {
    for (const value of ['30/11/2026', '2026-02-30', 'kemarin']) {
      expect(errorsOf(validate({ UKURAN: 'kecil', SEJAK: value }))[0]).toMatch(/^attribute\[SEJAK\] must be an ISO 8601 date or datetime/);
    }
  });

  it('refuses a line break in a string, and over-long strings and texts', () => {
    expect(errorsOf(validate({ UKURAN: 'kecil', PATOKAN: 'a\nb' }))).toEqual(['attribute[PATOKAN] must be a single line']);
    expect(errorsOf(validate({ UKURAN: 'kecil', PATOKAN: 'a'.repeat(256) }))).toEqual(['attribute[PATOKAN] is longer than 255 characters']);
    expect(errorsOf(validate({ UKURAN: 'kecil', CATATAN: 'a'.repeat(4001) }))).toEqual(['attribute[CATATAN] is longer than 4000 characters']);
  });

  it('refuses several values for a datatype that takes one', () => {
    expect(errorsOf(validate({ UKURAN: 'kecil', KEDALAMAN: ['1', '2'] }))).toEqual(['attribute[KEDALAMAN] takes a single value']);
  });

  it('refuses attributes the service does not define, and informational ones', () => {
    expect(errorsOf(validate({ UKURAN: 'kecil', WARNA: 'merah', INFO: 'x' }))).toEqual([
      'attribute[WARNA] is not an input of service JALAN-BERLUBANG',
      'attribute[INFO] is not an input of service JALAN-BERLUBANG',
    ]);
  });
});
