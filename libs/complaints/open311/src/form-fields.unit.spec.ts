import { optionalField } from './form-fields';

describe('an optional field on its own (jurisdiction_id)', () => {
  it('is absent when left out, sent empty or only blanks, as client libraries send it', () => {
    expect(optionalField({}, 'jurisdiction_id')).toEqual({ ok: true, value: null });
    expect(optionalField({ jurisdiction_id: '' }, 'jurisdiction_id')).toEqual({ ok: true, value: null });
    expect(optionalField({ jurisdiction_id: '  ' }, 'jurisdiction_id')).toEqual({ ok: true, value: null });
  });

  it('is its trimmed value when given', () => {
    expect(optionalField({ jurisdiction_id: ' palembang.go.id ' }, 'jurisdiction_id')).toEqual({ ok: true, value: 'palembang.go.id' });
  });

  it('is refused when given twice or too long', () => {
    expect(optionalField({ jurisdiction_id: ['a', 'b'] }, 'jurisdiction_id')).toEqual({ ok: false, errors: [{ code: 400, description: 'jurisdiction_id was given more than once' }] });
    expect(optionalField({ jurisdiction_id: 'x'.repeat(256) }, 'jurisdiction_id').ok).toBe(false);
  });
});
