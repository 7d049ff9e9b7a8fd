import { Statement } from './statement';
import { LMS_COMPLETION, SPEC_MINIMAL, SPEC_VOIDING } from './testing/spec-examples';
import { cannotVoidVoiding, isVoidedBy, isVoiding, voidingTarget } from './voiding';

const voiding = SPEC_VOIDING as Statement;
const completion = LMS_COMPLETION as Statement;
const voidsCompletion = { ...voiding, id: 'c0ffee00-0000-4000-8000-000000000001', object: { objectType: 'StatementRef', id: LMS_COMPLETION.id.toUpperCase() } } as Statement;

describe('voiding', () => {
  it('names the target of a voiding Statement, and nothing for others', () => {
    expect(voidingTarget(voiding)).toBe('e05aa883-acaf-40ad-bf54-02c8ce485fb0');
    expect(voidingTarget(voidsCompletion)).toBe(LMS_COMPLETION.id);
    expect(voidingTarget(completion)).toBeNull();
    expect(isVoiding(voiding)).toBe(true);
    expect(isVoiding(SPEC_MINIMAL as Statement)).toBe(false);
  });

  it('a StatementRef with another verb voids nothing', () => {
    expect(voidingTarget({ ...voiding, verb: { id: 'http://example.com/commented' } })).toBeNull();
  });

  it('a voiding Statement cannot be voided', () => {
    expect(cannotVoidVoiding(voidsCompletion)).toEqual({
      code: 'XAPI.CANNOT_VOID_VOIDING',
      reason: 'Statement c0ffee00-0000-4000-8000-000000000001 voids another Statement and cannot itself be voided',
    });
    expect(cannotVoidVoiding(completion)).toBeNull();
  });

  it('a target the LRS does not hold is no reason to reject', () => {
    expect(cannotVoidVoiding(undefined)).toBeNull();
  });

  it('a held Statement is voided by a voiding Statement targeting it, unless it is itself voiding', () => {
    expect(isVoidedBy(completion, voidsCompletion)).toBe(true);
    expect(isVoidedBy(completion, voiding)).toBe(false);
    const voidsTheVoiding = { ...voiding, object: { objectType: 'StatementRef', id: voidsCompletion.id } } as Statement;
    expect(isVoidedBy(voidsCompletion, voidsTheVoiding)).toBe(false);
  });
});
