// The cohort under specification (test-only, not exported).
import { deciderSpecification } from '@palembang/events/core';
import { sampleNip, trainingCommand } from '../fixtures/training.fixtures';
import { CohortEvent, CohortRef, CohortScheduled } from './cohort';
import { cohortDecider } from './cohort.decide';

export const decider = cohortDecider();
export const spec = deciderSpecification(decider);

export const ORGANISER = 'bkpsdm';
export const REF: CohortRef = { cohortId: 'coh-ppbd-2026-1', agencyId: ORGANISER, programId: 'prg-ppbd' };
export const cohortId = REF.cohortId;
export const BEFORE = '2026-02-16T09:00:00+07:00';
export const FIRST_DAY = '2026-03-02T16:00:00+07:00';
export const LAST_DAY = '2026-03-04T16:00:00+07:00';
export const SESSIONS = [
  { sessionId: 's1', date: '2026-03-02' },
  { sessionId: 's2', date: '2026-03-03' },
  { sessionId: 's3', date: '2026-03-04' },
];

export const scheduled = (capacity = 2): CohortScheduled => ({
  type: 'CohortScheduled',
  data: { ...REF, programJp: 24, startsOn: '2026-03-02', endsOn: '2026-03-04', capacity, sessions: SESSIONS, scheduledAt: '2026-02-02T09:00:00+07:00' },
});

export const participant = (serial: number, employerAgencyId = 'dpmptsp') => ({ enrolmentId: `enr-${serial}`, nip: sampleNip(serial), employerAgencyId });

export const enrolled = (serial: number, at = BEFORE): CohortEvent => ({ type: 'ParticipantEnrolled', data: { ...REF, ...participant(serial), name: `Peserta ${serial}`, enrolledAt: at } });
export const waitlisted = (serial: number, position: number, at = BEFORE): CohortEvent => ({
  type: 'ParticipantWaitlisted',
  data: { ...REF, ...participant(serial), name: `Peserta ${serial}`, position, waitlistedAt: at },
});

export const enrol = (serial: number, now = BEFORE, agencyId = 'dpmptsp') =>
  trainingCommand('Enrol', { cohortId, enrolmentId: `enr-${serial}`, nip: sampleNip(serial), agencyId: 'dpmptsp', name: `Peserta ${serial}` }, now, agencyId);
