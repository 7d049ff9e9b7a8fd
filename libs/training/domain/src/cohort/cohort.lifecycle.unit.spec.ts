import { foldEvents } from '@palembang/events/core';
import { sampleNip, trainingCommand } from '../fixtures/training.fixtures';
import { CohortEvent } from './cohort';
import { ScheduleCohort } from './cohort.decide';
import { BEFORE, cohortId, decider, enrol, enrolled, FIRST_DAY, LAST_DAY, ORGANISER, participant, REF, scheduled, SESSIONS, spec, waitlisted } from './cohort.test-kit';

const schedule = (overrides: Partial<ScheduleCohort['data']> = {}, agency = ORGANISER) =>
  trainingCommand('ScheduleCohort', { cohortId, programId: 'prg-ppbd', programJp: 24, startsOn: '2026-03-02', endsOn: '2026-03-04', capacity: 2, sessions: SESSIONS, ...overrides }, '2026-02-02T09:00:00+07:00', agency);

function refusal(overrides: Partial<ScheduleCohort['data']>) {
  const decision = decider.decide(schedule(overrides), decider.initialState());
  if (!('rejected' in decision)) throw new Error('expected a rejection');
  return [decision.code, decision.field];
}

const complete = (serial: number, passed = true, now = LAST_DAY, certificateNumber: string | null = passed ? `SERT-${serial}` : null) =>
  trainingCommand('Complete', { cohortId, nip: sampleNip(serial), score: passed ? 85 : 40, passed, certificateNumber }, now, ORGANISER);
const completed = (serial: number): CohortEvent => ({
  type: 'ParticipantCompleted',
  data: { ...REF, ...participant(serial), score: 85, passed: true, certificateNumber: `SERT-${serial}`, jp: 24, year: 2026, completedAt: LAST_DAY },
});

describe('a cohort that does not exist yet', () => {
  it('is scheduled by the organising agency, sessions in date order', () => {
    spec.given([]).when(schedule({ sessions: [...SESSIONS].reverse() })).then([scheduled()]);
  });

  it('needs valid dates, capacity and sessions inside its period', () => {
    expect(refusal({ programJp: 0 })).toEqual(['COHORT.INVALID_INPUT', 'programJp']);
    expect(refusal({ startsOn: '2026-02-30' })).toEqual(['COHORT.INVALID_INPUT', 'startsOn']);
    expect(refusal({ endsOn: '2026-03-01' })).toEqual(['COHORT.INVALID_INPUT', 'endsOn']);
    expect(refusal({ capacity: 0 })).toEqual(['COHORT.INVALID_INPUT', 'capacity']);
    expect(refusal({ capacity: 1.5 })).toEqual(['COHORT.INVALID_INPUT', 'capacity']);
    expect(refusal({ sessions: [] })).toEqual(['COHORT.INVALID_INPUT', 'sessions']);
    expect(refusal({ sessions: [{ sessionId: 's1', date: '2026-03-05' }] })).toEqual(['COHORT.INVALID_INPUT', 'sessions[0].date']);
    expect(refusal({ sessions: [{ sessionId: '', date: '2026-03-02' }] })).toEqual(['COHORT.INVALID_INPUT', 'sessions[0].sessionId']);
    expect(refusal({ sessions: [SESSIONS[0], SESSIONS[0]] })).toEqual(['COHORT.INVALID_INPUT', 'sessions']);
  });

  it('takes nothing else', () => {
    spec.given([]).when(enrol(1)).thenRejects('COHORT.NOT_FOUND');
    spec.given([]).when(trainingCommand('CancelCohort', { cohortId, reason: 'x' }, BEFORE, ORGANISER)).thenRejects('COHORT.NOT_FOUND');
  });
});

describe('enrolment in a scheduled cohort', () => {
  it('cannot schedule the same cohort twice', () => {
    spec.given([scheduled()]).when(schedule()).thenRejects('COHORT.ALREADY_EXISTS');
  });

  it('gives a seat while seats remain, then a place on the waiting list', () => {
    spec.given([scheduled()]).when(enrol(1)).then([enrolled(1)]);
    spec.given([scheduled(), enrolled(1)]).when(enrol(2)).then([enrolled(2)]);
    spec.given([scheduled(), enrolled(1), enrolled(2)]).when(enrol(3)).then([waitlisted(3, 1)]);
    spec.given([scheduled(), enrolled(1), enrolled(2), waitlisted(3, 1)]).when(enrol(4)).then([waitlisted(4, 2)]);
  });

  it('takes a civil servant at most once', () => {
    spec.given([scheduled(), enrolled(1)]).when(enrol(1)).thenRejects('COHORT.ALREADY_ENROLLED');
    spec.given([scheduled(), enrolled(1), enrolled(2), waitlisted(3, 1)]).when(enrol(3)).thenRejects('COHORT.ALREADY_ENROLLED');
  });

  it('is open until the first day, not after', () => {
    spec.given([scheduled()]).when(enrol(1, FIRST_DAY)).then([enrolled(1, FIRST_DAY)]);
    spec.given([scheduled()]).when(enrol(1, '2026-03-03T08:00:00+07:00')).thenRejects('COHORT.ENROLMENT_CLOSED');
  });

  it("is done by the civil servant's agency, BKPSDM or agencies:all only, not by an organiser for another agency's civil servant", () => {
    spec.given([scheduled()]).when(enrol(1, BEFORE, 'dinas-kesehatan')).thenRejects('COHORT.FORBIDDEN');
    const byDinkes: CohortEvent = { ...scheduled(), data: { ...scheduled().data, agencyId: 'dinas-kesehatan' } } as CohortEvent;
    spec.given([byDinkes]).when(enrol(1, BEFORE, 'dinas-kesehatan')).thenRejects('COHORT.FORBIDDEN');
    spec.given([scheduled()]).when(enrol(1, BEFORE, 'bkpsdm')).then([enrolled(1)]);
    const byAllAgencies = enrol(1, BEFORE, 'dinas-kesehatan');
    spec.given([scheduled()]).when({ ...byAllAgencies, metadata: { ...byAllAgencies.metadata, allAgencies: true } }).then([enrolled(1)]);
  });

  it('needs a valid NIP, agency, name and enrolment id', () => {
    const base = enrol(1);
    const refuse = (data: object, field: string) => {
      const decision = decider.decide({ ...base, data: { ...base.data, ...data } }, foldEvents(decider, [scheduled()]));
      expect('rejected' in decision && [decision.code, decision.field]).toEqual(['COHORT.INVALID_INPUT', field]);
    };
    refuse({ nip: '19850312201001100' }, 'nip');
    refuse({ nip: '198513122010011001' }, 'nip');
    refuse({ agencyId: '' }, 'agencyId');
    refuse({ name: ' ' }, 'name');
    refuse({ enrolmentId: '' }, 'enrolmentId');
  });
});

describe('withdrawal', () => {
  const full = [scheduled(), enrolled(1), enrolled(2), waitlisted(3, 1), waitlisted(4, 2)];
  const withdraw = (serial: number, agency = 'dpmptsp') => trainingCommand('Withdraw', { cohortId, nip: sampleNip(serial), reason: 'Tugas dinas luar kota' }, BEFORE, agency);

  it('frees the seat for the first on the waiting list', () => {
    spec.given(full).when(withdraw(1)).then([
      { type: 'EnrolmentWithdrawn', data: { ...REF, ...participant(1), seatFreed: true, reason: 'Tugas dinas luar kota', withdrawnAt: BEFORE } },
      { type: 'EnrolmentPromoted', data: { ...REF, ...participant(3), promotedAt: BEFORE } },
    ]);
  });

  it('promotes in FIFO order, one seat at a time', () => {
    const afterFirst = [...full, ...(decider.decide(withdraw(1), foldEvents(decider, full)) as CohortEvent[])];
    spec.given(afterFirst).when(withdraw(2)).then([
      { type: 'EnrolmentWithdrawn', data: { ...REF, ...participant(2), seatFreed: true, reason: 'Tugas dinas luar kota', withdrawnAt: BEFORE } },
      { type: 'EnrolmentPromoted', data: { ...REF, ...participant(4), promotedAt: BEFORE } },
    ]);
    expect(foldEvents(decider, afterFirst)).toMatchObject({ waitlist: [sampleNip(4)] });
  });

  it('from the waiting list frees no seat and promotes no one, and keeps the order of the others', () => {
    spec.given(full).when(withdraw(3)).then([{ type: 'EnrolmentWithdrawn', data: { ...REF, ...participant(3), seatFreed: false, reason: 'Tugas dinas luar kota', withdrawnAt: BEFORE } }]);
  });

  it('with nobody waiting just frees the seat, which the next enrolment takes', () => {
    const given = [scheduled(), enrolled(1), enrolled(2)];
    const events = decider.decide(withdraw(1), foldEvents(decider, given)) as CohortEvent[];
    expect(events.map((event) => event.type)).toEqual(['EnrolmentWithdrawn']);
    spec.given([...given, ...events]).when(enrol(5)).then([enrolled(5)]);
  });

  it('lets a civil servant who withdrew enrol again, at the back', () => {
    const withdrawn = decider.decide(withdraw(3), foldEvents(decider, full)) as CohortEvent[];
    spec.given([...full, ...withdrawn]).when(enrol(3)).then([waitlisted(3, 2)]);
  });

  it('is refused for someone not in the cohort, already withdrawn or completed, or by another agency', () => {
    spec.given(full).when(withdraw(9)).thenRejects('COHORT.PARTICIPANT.NOT_FOUND');
    spec.given(full).when(withdraw(1, 'dinas-kesehatan')).thenRejects('COHORT.FORBIDDEN');
    spec.given([...full, completed(1)]).when(withdraw(1)).thenRejects('COHORT.NOT_ENROLLED');
    const nipless = trainingCommand('Withdraw', { cohortId, nip: '123' }, BEFORE, 'dpmptsp');
    spec.given(full).when(nipless).thenRejects('COHORT.INVALID_INPUT');
  });
});

describe('attendance', () => {
  const given = [scheduled(), enrolled(1), enrolled(2), waitlisted(3, 1)];
  const record = (sessionId: string, presentNips: string[], now = FIRST_DAY, agency = ORGANISER) => trainingCommand('RecordAttendance', { cohortId, sessionId, presentNips }, now, agency);

  it('is recorded by the organiser for a session held, listing who was absent', () => {
    spec.given(given).when(record('s1', [sampleNip(1), sampleNip(1)])).then([
      { type: 'AttendanceRecorded', data: { ...REF, sessionId: 's1', sessionDate: '2026-03-02', presentNips: [sampleNip(1)], absentNips: [sampleNip(2)], recordedAt: FIRST_DAY } },
    ]);
  });

  it('is refused for a session not yet held or unknown, for people without a seat, or from another agency', () => {
    spec.given(given).when(record('s2', [sampleNip(1)])).thenRejects('COHORT.INVALID_INPUT');
    spec.given(given).when(record('s9', [sampleNip(1)])).thenRejects('COHORT.INVALID_INPUT');
    spec.given(given).when(record('s1', [sampleNip(3)])).thenRejects('COHORT.INVALID_INPUT');
    spec.given(given).when(record('s1', [sampleNip(1)], FIRST_DAY, 'dpmptsp')).thenRejects('COHORT.FORBIDDEN');
  });
});

describe('completion', () => {
  const given = [scheduled(), enrolled(1), enrolled(2), waitlisted(3, 1)];

  it("credits the program's JP to a participant who passed, in the Jakarta year of completion", () => {
    spec.given(given).when(complete(1)).then([completed(1)]);
  });

  it('counts the last evening of the year (31 December 23:30 +07:00) for that year', () => {
    const late = '2026-12-31T23:30:00+07:00';
    const decision = decider.decide(complete(1, true, late), foldEvents(decider, given));
    expect(decision).toEqual([{ ...completed(1), data: { ...completed(1).data, completedAt: late, year: 2026 } }]);
    const utcNextYear = decider.decide(complete(1, true, '2026-12-31T17:30:00Z'), foldEvents(decider, given)) as CohortEvent[];
    expect(utcNextYear[0].data).toMatchObject({ year: 2027 });
  });

  it('credits no JP and gives no certificate when failed', () => {
    spec.given(given).when(complete(2, false)).then([
      { type: 'ParticipantCompleted', data: { ...REF, ...participant(2), score: 40, passed: false, certificateNumber: null, jp: 0, year: 2026, completedAt: LAST_DAY } },
    ]);
  });

  it('needs a certificate number if and only if passed, and a score from 0 to 100', () => {
    spec.given(given).when(complete(1, true, LAST_DAY, null)).thenRejects('COHORT.INVALID_INPUT');
    spec.given(given).when(complete(1, true, LAST_DAY, ' ')).thenRejects('COHORT.INVALID_INPUT');
    spec.given(given).when(complete(2, false, LAST_DAY, 'SERT-2')).thenRejects('COHORT.INVALID_INPUT');
    spec.given(given).when(trainingCommand('Complete', { cohortId, nip: sampleNip(1), score: 101, passed: true, certificateNumber: 'S' }, LAST_DAY, ORGANISER)).thenRejects('COHORT.INVALID_INPUT');
    spec.given(given).when(trainingCommand('Complete', { cohortId, nip: sampleNip(1), score: -1, passed: false }, LAST_DAY, ORGANISER)).thenRejects('COHORT.INVALID_INPUT');
  });

  it('is refused before the start, for the waiting, for someone completed already, and from another agency', () => {
    spec.given(given).when(complete(1, true, BEFORE)).thenRejects('COHORT.NOT_STARTED');
    spec.given(given).when(complete(3)).thenRejects('COHORT.NOT_ENROLLED');
    spec.given([...given, completed(1)]).when(complete(1)).thenRejects('COHORT.NOT_ENROLLED');
    spec.given(given).when(complete(9)).thenRejects('COHORT.PARTICIPANT.NOT_FOUND');
    spec.given(given).when(trainingCommand('Complete', { cohortId, nip: sampleNip(1), score: 90, passed: true, certificateNumber: 'S' }, LAST_DAY, 'dpmptsp')).thenRejects('COHORT.FORBIDDEN');
  });
});

describe('cancellation', () => {
  const cancel = (agency = ORGANISER, reason = 'Narasumber berhalangan') => trainingCommand('CancelCohort', { cohortId, reason }, BEFORE, agency);
  const cancelled: CohortEvent = { type: 'CohortCancelled', data: { ...REF, reason: 'Narasumber berhalangan', cancelledAt: BEFORE } };

  it('is decided by the organiser with a reason, before anyone completed', () => {
    spec.given([scheduled(), enrolled(1)]).when(cancel()).then([cancelled]);
    spec.given([scheduled()]).when(cancel('dpmptsp')).thenRejects('COHORT.FORBIDDEN');
    spec.given([scheduled()]).when(cancel(ORGANISER, '')).thenRejects('COHORT.INVALID_INPUT');
    spec.given([scheduled(), enrolled(1), completed(1)]).when(cancel()).thenRejects('COHORT.HAS_COMPLETIONS');
  });

  it('leaves a cohort that takes no further command', () => {
    const given = [scheduled(), enrolled(1), cancelled];
    expect(foldEvents(decider, given).status).toBe('cancelled');
    spec.given(given).when(enrol(2)).thenRejects('COHORT.INVALID_TRANSITION');
    spec.given(given).when(trainingCommand('Withdraw', { cohortId, nip: sampleNip(1) }, BEFORE, 'dpmptsp')).thenRejects('COHORT.INVALID_TRANSITION');
    spec.given(given).when(trainingCommand('RecordAttendance', { cohortId, sessionId: 's1', presentNips: [] }, FIRST_DAY, ORGANISER)).thenRejects('COHORT.INVALID_TRANSITION');
    spec.given(given).when(complete(1)).thenRejects('COHORT.INVALID_TRANSITION');
    spec.given(given).when(cancel()).thenRejects('COHORT.INVALID_TRANSITION');
    spec.given(given).when(schedule()).thenRejects('COHORT.ALREADY_EXISTS');
  });
});
