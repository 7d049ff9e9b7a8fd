import { LMS_COMPLETION, SPEC_MINIMAL, SPEC_VOIDING, edited } from './testing/spec-examples';
import { BATCH_LIMITS, validateStatementBatch, validateStatementForPut } from './validate-statement';

describe('validateStatementBatch (POST statements)', () => {
  it('accepts a single Statement as a batch of one', () => {
    expect(validateStatementBatch(SPEC_MINIMAL)).toEqual({ ok: true, value: [SPEC_MINIMAL] });
  });

  it('accepts an array of Statements, with and without ids', () => {
    expect(validateStatementBatch([SPEC_MINIMAL, SPEC_VOIDING, LMS_COMPLETION])).toEqual({ ok: true, value: [SPEC_MINIMAL, SPEC_VOIDING, LMS_COMPLETION] });
  });

  it('refuses two Statements with the same id, whatever the case of the UUID', () => {
    const twin = edited(LMS_COMPLETION, (s) => (s.id = SPEC_MINIMAL.id.toUpperCase()));
    expect(validateStatementBatch([SPEC_MINIMAL, SPEC_VOIDING, twin])).toEqual({ ok: false, errors: ['[2].id repeats the id of [0]: ids must be unique within a batch'] });
  });

  it('refuses the whole batch when one Statement is invalid, naming its index', () => {
    const bad = edited(SPEC_MINIMAL, (s) => (s.verb.id = 'created'));
    expect(validateStatementBatch([LMS_COMPLETION, bad])).toEqual({ ok: false, errors: ['[1].verb.id must be an IRI'] });
  });

  it('refuses an empty batch, an oversized batch and a body that is neither', () => {
    expect(validateStatementBatch([])).toEqual({ ok: false, errors: ['the batch holds no Statements'] });
    expect(validateStatementBatch(Array(BATCH_LIMITS.statements + 1).fill(SPEC_VOIDING))).toEqual({ ok: false, errors: ['the batch holds more than 1000 Statements'] });
    expect(validateStatementBatch('statements')).toEqual({ ok: false, errors: ['the body must be a Statement or an array of Statements'] });
  });
});

describe('validateStatementForPut (PUT statements?statementId=)', () => {
  const id = LMS_COMPLETION.id;

  it('takes the id from the parameter when the Statement has none', () => {
    expect(validateStatementForPut(SPEC_VOIDING, id)).toEqual({ ok: true, value: { ...SPEC_VOIDING, id } });
  });

  it('accepts a Statement whose id matches the parameter', () => {
    expect(validateStatementForPut(LMS_COMPLETION, id.toUpperCase())).toMatchObject({ ok: true, value: { id } });
  });

  it('refuses a missing or malformed statementId, and an id that differs', () => {
    expect(validateStatementForPut(SPEC_VOIDING, undefined)).toEqual({ ok: false, errors: ['statementId is required'] });
    expect(validateStatementForPut(SPEC_VOIDING, '42')).toEqual({ ok: false, errors: ['statementId must be a UUID in standard string form'] });
    expect(validateStatementForPut(SPEC_MINIMAL, id)).toEqual({ ok: false, errors: ['id does not match the statementId parameter'] });
  });

  it('refuses an invalid Statement', () => {
    expect(validateStatementForPut({}, id)).toMatchObject({ ok: false, errors: ['actor is required', 'verb is required', 'object is required'] });
  });
});
