import { formatOf } from './format';

describe('formatOf', () => {
  it('splits a resource and its format', () => {
    expect(formatOf('services.xml')).toEqual({ ok: true, value: { name: 'services', format: 'xml' } });
    expect(formatOf('123.json')).toEqual({ ok: true, value: { name: '123', format: 'json' } });
  });

  it('reads the format case-insensitively and splits at the last dot', () => {
    expect(formatOf('a.b.JSON')).toEqual({ ok: true, value: { name: 'a.b', format: 'json' } });
  });

  it('refuses an unknown format with a 400', () => {
    expect(formatOf('services.html')).toEqual({ ok: false, errors: [{ code: 400, description: 'The format html is not supported; use xml or json' }] });
  });

  it('refuses a missing format, an empty format and a missing name', () => {
    for (const segment of ['services', 'services.', '.xml', '']) {
      const result = formatOf(segment);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0].code).toBe(400);
    }
  });
});
