import { AuthPrincipal } from '@palembang/auth';
import { CohortDto, EnrolmentDto } from '@palembang/training-api';
import { seatsTaken } from '@palembang/training-domain';
import { seesAllTraining } from '../../shared/training-http';
import { CohortAnswer, ExistingCohort } from '../cohorts.service';

const waitlistPositionOf = (cohort: ExistingCohort, nip: string, status: string): number | null => (status === 'waitlisted' ? cohort.waitlist.indexOf(nip) + 1 : null);

/**
 * A cohort as the caller may see it: the schedule is the city's, the participants only the organiser's,
 * BKPSDM's and agencies:all's; another agency sees its own civil servants only.
 */
export function cohortDtoOf({ cohort, version }: CohortAnswer, principal: AuthPrincipal): CohortDto {
  const all = seesAllTraining(principal) || principal.agencyId === cohort.agencyId;
  const participants = Object.values(cohort.participants)
    .filter((participant) => all || participant.employerAgencyId === principal.agencyId)
    .map((participant) => ({ ...participant, waitlistPosition: waitlistPositionOf(cohort, participant.nip, participant.status) }));
  return {
    cohortId: cohort.cohortId, agencyId: cohort.agencyId, programId: cohort.programId, status: cohort.status, programJp: cohort.programJp,
    startsOn: cohort.startsOn, endsOn: cohort.endsOn, capacity: cohort.capacity, seatsTaken: seatsTaken(cohort),
    sessions: cohort.sessions.map((session) => ({ ...session })), waitlist: all ? [...cohort.waitlist] : [], participants, version,
  };
}

/** One participant's enrolment after a command about them. */
export function enrolmentDtoOf({ cohort, version }: CohortAnswer, nip: string): EnrolmentDto {
  const participant = cohort.participants[nip];
  return { cohortId: cohort.cohortId, participant: { ...participant, waitlistPosition: waitlistPositionOf(cohort, nip, participant.status) }, version };
}
