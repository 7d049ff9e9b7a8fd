import { deciderSpecification, foldEvents } from '@palembang/events/core';
import { sampleNip, trainingCommand } from '../fixtures/training.fixtures';
import { InternPlaced, internshipDecider, PlaceIntern } from './internship';
import { AgreementTerms } from './partner';

const decider = internshipDecider();
const spec = deciderSpecification(decider);
const AGREEMENT: AgreementTerms = { agreementId: 'pks-polsri-2026', partnerId: 'polsri', scope: ['internship'], validFrom: '2026-01-01', validUntil: '2026-12-31', terminatedOn: null };
const NOW = '2026-06-15T09:00:00+07:00';
const HOST = 'dinas-kominfo';
const ref = { internshipId: 'int-1', agencyId: HOST, partnerId: 'polsri' };
const place = (overrides: Partial<PlaceIntern['data']> = {}, agency = HOST) =>
  trainingCommand('PlaceIntern', {
    internshipId: 'int-1', partnerId: 'polsri', agreementId: AGREEMENT.agreementId, agreement: AGREEMENT, studentId: '062130701234', studentName: 'Nabila Putri',
    agencyId: HOST, supervisorNip: sampleNip(7), startsOn: '2026-07-01', endsOn: '2026-09-30', ...overrides,
  }, NOW, agency);
const placed: InternPlaced = {
  type: 'InternPlaced',
  data: { ...ref, agreementId: AGREEMENT.agreementId, studentId: '062130701234', studentName: 'Nabila Putri', supervisorNip: sampleNip(7), startsOn: '2026-07-01', endsOn: '2026-09-30', placedAt: NOW },
};
const AUG = '2026-08-20T10:00:00+07:00';
const evaluate = (score = 88, remarks = 'Disiplin dan cepat belajar', agency = HOST, now = AUG) => trainingCommand('EvaluateInternship', { internshipId: 'int-1', score, remarks }, now, agency);
const evaluated = { type: 'InternshipEvaluated' as const, data: { ...ref, score: 88, remarks: 'Disiplin dan cepat belajar', evaluatedAt: AUG } };
const completeCommand = (agency = HOST) => trainingCommand('CompleteInternship', { internshipId: 'int-1' }, '2026-09-30T15:00:00+07:00', agency);

function refusal(overrides: Partial<PlaceIntern['data']>) {
  const decision = decider.decide(place(overrides), decider.initialState());
  if (!('rejected' in decision)) throw new Error('expected a rejection');
  return [decision.code, decision.field];
}

describe('placing an intern', () => {
  it('is done by the host agency or BKPSDM under an agreement covering internships', () => {
    spec.given([]).when(place()).then([placed]);
    spec.given([]).when(place({}, 'bkpsdm')).then([placed]);
    spec.given([]).when(place({}, 'dpmptsp')).thenRejects('INTERNSHIP.FORBIDDEN');
    spec.given([placed]).when(place()).thenRejects('INTERNSHIP.ALREADY_EXISTS');
  });

  it('keeps the internship inside the validity of the agreement', () => {
    expect(refusal({ startsOn: '2025-12-15' })).toEqual(['INTERNSHIP.INVALID_INPUT', 'startsOn']);
    expect(refusal({ endsOn: '2027-01-31' })).toEqual(['INTERNSHIP.INVALID_INPUT', 'endsOn']);
    expect(refusal({ endsOn: '2026-06-30' })).toEqual(['INTERNSHIP.INVALID_INPUT', 'endsOn']);
  });

  it('needs an agreement in force that covers internships', () => {
    expect(refusal({ agreement: { ...AGREEMENT, terminatedOn: '2026-06-01' } })).toEqual(['INTERNSHIP.AGREEMENT_NOT_VALID', undefined]);
    expect(refusal({ agreement: { ...AGREEMENT, scope: ['research'] } })).toEqual(['INTERNSHIP.AGREEMENT_NOT_VALID', undefined]);
    expect(refusal({ agreement: null })).toEqual(['INTERNSHIP.INVALID_INPUT', 'agreementId']);
    expect(refusal({ agreement: { ...AGREEMENT, partnerId: 'unsri' } })).toEqual(['INTERNSHIP.INVALID_INPUT', 'agreementId']);
  });

  it("needs the student's id and name, a supervisor's valid NIP and dates", () => {
    expect(refusal({ studentId: '' })).toEqual(['INTERNSHIP.INVALID_INPUT', 'studentId']);
    expect(refusal({ studentName: ' ' })).toEqual(['INTERNSHIP.INVALID_INPUT', 'studentName']);
    expect(refusal({ supervisorNip: '1985031220100110' })).toEqual(['INTERNSHIP.INVALID_INPUT', 'supervisorNip']);
    expect(refusal({ startsOn: '1 Juli' })).toEqual(['INTERNSHIP.INVALID_INPUT', 'startsOn']);
    expect(refusal({ agencyId: '' })).toEqual(['INTERNSHIP.INVALID_INPUT', 'agencyId']);
    expect(refusal({ internshipId: '' })).toEqual(['INTERNSHIP.INVALID_INPUT', 'internshipId']);
  });
});

describe('an internship under way', () => {
  it('is evaluated by the host agency from its start, with a score and remarks, and may be evaluated again', () => {
    spec.given([placed]).when(evaluate()).then([evaluated]);
    spec.given([placed, evaluated]).when(evaluate(90, 'Sangat baik')).then([{ ...evaluated, data: { ...evaluated.data, score: 90, remarks: 'Sangat baik' } }]);
    spec.given([placed]).when(evaluate(88, 'x', HOST, NOW)).thenRejects('INTERNSHIP.NOT_STARTED');
    spec.given([placed]).when(evaluate(101)).thenRejects('INTERNSHIP.INVALID_INPUT');
    spec.given([placed]).when(evaluate(80, '')).thenRejects('INTERNSHIP.INVALID_INPUT');
    spec.given([placed]).when(evaluate(80, 'x', 'bkpsdm')).thenRejects('INTERNSHIP.FORBIDDEN');
  });

  it('is completed once evaluated, never before, and then takes nothing more', () => {
    spec.given([placed]).when(completeCommand()).thenRejects('INTERNSHIP.INVALID_TRANSITION');
    const completed = { type: 'InternshipCompleted' as const, data: { ...ref, score: 88, completedAt: '2026-09-30T15:00:00+07:00' } };
    spec.given([placed, evaluated]).when(completeCommand()).then([completed]);
    spec.given([placed, evaluated]).when(completeCommand('polsri')).thenRejects('INTERNSHIP.FORBIDDEN');
    spec.given([placed, evaluated, completed]).when(completeCommand()).thenRejects('INTERNSHIP.INVALID_TRANSITION');
    spec.given([placed, evaluated, completed]).when(evaluate()).thenRejects('INTERNSHIP.INVALID_TRANSITION');
    expect(foldEvents(decider, [placed, evaluated, completed])).toMatchObject({ status: 'completed', score: 88 });
  });

  it('does not exist before it is placed', () => {
    spec.given([]).when(evaluate()).thenRejects('INTERNSHIP.NOT_FOUND');
  });

  it("keeps the student's name out of the state", () => {
    expect(JSON.stringify(foldEvents(decider, [placed]))).not.toContain('Nabila');
  });
});
