import { Inject, Injectable } from '@nestjs/common';
import { AuthPrincipal } from '@palembang/auth';
import { CohortDto, CompleteDto, EnrolDto, EnrolmentDto, RecordAttendanceDto } from '@palembang/training-api';
import { Cohort, cohortDecider, CohortEvent, creditFromCompletion, developmentDecider, developmentStreamId, seatsTaken } from '@palembang/training-domain';
import { randomUUID } from 'node:crypto';
import { civilServantNotFound, CivilServantsService } from '../development/civil-servants.service';
import { notFound, seesAllTraining } from '../shared/http';
import { CommandContext, TrainingStore } from '../shared/training-store';
import { cohortStreamId } from '../programs/programs.service';

export type ExistingCohort = Exclude<Cohort, { status: 'absent' }>;
type CohortAction = 'Enrol' | 'Withdraw' | 'RecordAttendance' | 'Complete' | 'CancelCohort';

export const cohortNotFound = (cohortId: string) => notFound('COHORT.NOT_FOUND', `No cohort ${cohortId}`);

/**
 * A cohort as the caller may see it: the schedule is the city's, the participants only the organiser's,
 * BKPSDM's and agencies:all's; another agency sees its own civil servants only.
 */
export function cohortDtoOf(cohort: ExistingCohort, version: number, principal: AuthPrincipal): CohortDto {
  const all = seesAllTraining(principal) || principal.agencyId === cohort.agencyId;
  const participants = Object.values(cohort.participants)
    .filter((participant) => all || participant.employerAgencyId === principal.agencyId)
    .map((participant) => ({ ...participant, waitlistPosition: participant.status === 'waitlisted' ? cohort.waitlist.indexOf(participant.nip) + 1 : null }));
  return {
    cohortId: cohort.cohortId, agencyId: cohort.agencyId, programId: cohort.programId, status: cohort.status, programJp: cohort.programJp,
    startsOn: cohort.startsOn, endsOn: cohort.endsOn, capacity: cohort.capacity, seatsTaken: seatsTaken(cohort),
    sessions: cohort.sessions.map((session) => ({ ...session })), waitlist: all ? [...cohort.waitlist] : [], participants, version,
  };
}

/** The civil servant's own agency, BKPSDM (seesAllTraining) and agencies:all may enrol a civil servant; the decider checks the same. */
function mayEnrol(principal: AuthPrincipal, employerAgencyId: string): boolean {
  return seesAllTraining(principal) || principal.agencyId === employerAgencyId;
}

/** Cohorts: enrolment with a waiting list, attendance, completion (crediting JP in the same transaction) and cancellation. */
@Injectable()
export class CohortsService {
  private readonly decider = cohortDecider();
  private readonly development = developmentDecider();

  constructor(
    @Inject(TrainingStore) private readonly store: TrainingStore,
    @Inject(CivilServantsService) private readonly civilServants: CivilServantsService,
  ) {}

  async get(cohortId: string): Promise<{ cohort: ExistingCohort; version: number }> {
    const { state, version } = await this.store.load(this.decider, cohortStreamId(cohortId));
    if (state.status === 'absent') throw cohortNotFound(cohortId);
    return { cohort: state, version };
  }

  /**
   * The agency and the name are the register's, never the request's. Only the civil servant's agency,
   * BKPSDM and agencies:all enrol them (an organiser enrols its own agency's only); any other caller gets
   * the answer of an unregistered NIP, so it learns neither whether the NIP is registered nor where they serve.
   */
  async enrol(cohortId: string, body: EnrolDto, context: CommandContext, principal: AuthPrincipal): Promise<EnrolmentDto> {
    const registered = await this.civilServants.find(body.nip);
    if (!registered || !mayEnrol(principal, registered.agencyId)) throw civilServantNotFound();
    const { cohort, version } = await this.run(cohortId, 'Enrol', { enrolmentId: randomUUID(), nip: registered.nip, agencyId: registered.agencyId, name: registered.name }, context);
    return this.enrolmentOf(cohort, version, body.nip);
  }

  async withdraw(cohortId: string, nip: string, reason: string | null, context: CommandContext): Promise<EnrolmentDto> {
    const { cohort, version } = await this.run(cohortId, 'Withdraw', { nip, reason }, context);
    return this.enrolmentOf(cohort, version, nip);
  }

  async recordAttendance(cohortId: string, body: RecordAttendanceDto, context: CommandContext) {
    return this.run(cohortId, 'RecordAttendance', { sessionId: body.sessionId, presentNips: body.presentNips }, context);
  }

  /** A pass credits the program's JP to the civil servant's record of the year, in the same transaction. */
  async complete(cohortId: string, body: CompleteDto, context: CommandContext): Promise<EnrolmentDto> {
    const { cohort, version } = await this.run(cohortId, 'Complete', { nip: body.nip, score: body.score, passed: body.passed, certificateNumber: body.certificateNumber ?? null }, context);
    return this.enrolmentOf(cohort, version, body.nip);
  }

  cancel(cohortId: string, reason: string, context: CommandContext) {
    return this.run(cohortId, 'CancelCohort', { reason }, context);
  }

  async list(programId: string): Promise<Array<{ cohortId: string; agencyId: string; status: string; startsOn: string; endsOn: string; capacity: number }>> {
    const rows: Array<{ cohort_id: string; agency_id: string; status: string; starts_on: string; ends_on: string; capacity: number }> = await this.store.dataSource.query(
      `SELECT cohort_id, agency_id, status, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, capacity FROM training_cohorts WHERE program_id = $1 ORDER BY starts_on, cohort_id`,
      [programId],
    );
    return rows.map((row) => ({ cohortId: row.cohort_id, agencyId: row.agency_id, status: row.status, startsOn: row.starts_on, endsOn: row.ends_on, capacity: row.capacity }));
  }

  private async run(cohortId: string, type: CohortAction, data: Record<string, unknown>, context: CommandContext): Promise<{ cohort: ExistingCohort; version: number }> {
    const command = { type, data: { ...data, cohortId }, metadata: { now: context.now, agencyId: context.agencyId, allAgencies: context.allAgencies === true, actor: context.actor, correlationId: context.correlationId } } as never;
    return this.store.execute(this.decider, cohortStreamId(cohortId), command, context, async (manager, outcome) => {
      for (const event of outcome.events as readonly CohortEvent[]) {
        if (event.type !== 'ParticipantCompleted') continue;
        const credit = creditFromCompletion(event);
        if (!credit) continue;
        // Process manager in the same transaction: the pass and its JP commit together or not at all.
        await this.store.executeIn(manager, this.development, developmentStreamId(credit.nip, credit.year), { type: 'CreditJp', data: credit, metadata: { now: context.now, agencyId: credit.agencyId, actor: context.actor, correlationId: context.correlationId } }, {
          ...context,
          agencyId: credit.agencyId,
          expectedVersion: undefined,
        });
      }
      if (outcome.state.status === 'absent') throw cohortNotFound(cohortId);
      return { cohort: outcome.state, version: outcome.version };
    });
  }

  private enrolmentOf(cohort: ExistingCohort, version: number, nip: string): EnrolmentDto {
    const participant = cohort.participants[nip];
    return {
      cohortId: cohort.cohortId,
      participant: { ...participant, waitlistPosition: participant.status === 'waitlisted' ? cohort.waitlist.indexOf(nip) + 1 : null },
      version,
    };
  }
}

