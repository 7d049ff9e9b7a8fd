import { Inject, Injectable } from '@nestjs/common';
import { AuthPrincipal } from '@palembang/auth';
import { problem, ProblemException } from '@palembang/http';
import { CommandContext, CommandRunner } from '@palembang/platform';
import { CohortSummaryDto, CompleteDto, EnrolDto, RecordAttendanceDto, ScheduleCohortDto } from '@palembang/training-api';
import { Cohort, CohortCommand, cohortDecider, CohortEvent, creditFromCompletion } from '@palembang/training-domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { civilServantNotFound, CivilServantsService } from '../civil-servants/civil-servants.service';
import { DevelopmentRecordsService } from '../development-records/development-records.service';
import { ExistingProgram } from '../programs/programs.service';
import { commandOf } from '../shared/training-commands';
import { canSeeTrainingOf, notFound } from '../shared/training-http';
import { cohortsOfProgram, cohortWrites } from './cohorts-view';

export type ExistingCohort = Exclude<Cohort, { status: 'absent' }>;
export type CohortAnswer = Readonly<{ cohort: ExistingCohort; version: number }>;

export const cohortStreamId = (cohortId: string): string => `cohort-${cohortId}`;
export const cohortNotFound = (cohortId: string) => notFound('COHORT.NOT_FOUND', `No cohort ${cohortId}`);

/** The civil servant's own agency, BKPSDM (seesAllTraining) and agencies:all may enrol a civil servant; the decider checks the same. */
const projection = (outcome: { events: readonly CohortEvent[] }) => cohortWrites(outcome.events);

/** Cohorts: scheduling, enrolment with a waiting list, attendance, completion (crediting JP in the same transaction) and cancellation. */
@Injectable()
export class CohortsService {
  private readonly decider = cohortDecider();

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CivilServantsService) private readonly civilServants: CivilServantsService,
    @Inject(DevelopmentRecordsService) private readonly developmentRecords: DevelopmentRecordsService,
  ) {}

  async get(cohortId: string): Promise<CohortAnswer> {
    const { state, version } = await this.runner.load(this.decider, cohortStreamId(cohortId));
    if (state.status === 'absent') throw cohortNotFound(cohortId);
    return { cohort: state, version };
  }

  /** The program must be active; its JP at scheduling time are what a pass of the cohort credits. */
  schedule(program: ExistingProgram, body: ScheduleCohortDto, context: CommandContext): Promise<CohortAnswer> {
    if (program.status !== 'active') {
      throw new ProblemException(problem(409, { code: 'PROGRAM.INVALID_TRANSITION', detail: 'A retired program gets no new cohorts' }));
    }
    const { programId, jp: programJp } = program;
    const sessions = body.sessions.map(({ sessionId, date }) => ({ sessionId, date }));
    const command = commandOf('ScheduleCohort', { cohortId: `coh-${randomUUID()}`, programId, programJp, startsOn: body.startsOn, endsOn: body.endsOn, capacity: body.capacity, sessions }, context);
    // The program was read outside the cohort's transaction: its If-Match is not the cohort's.
    return this.run(command, { ...context, expectedVersion: undefined });
  }

  /**
   * The agency and the name are the register's, never the request's. Only the civil servant's agency,
   * BKPSDM and agencies:all enrol them (an organiser enrols its own agency's only); any other caller gets
   * the answer of an unregistered NIP, so it learns neither whether the NIP is registered nor where they serve.
   */
  async enrol(cohortId: string, body: EnrolDto, context: CommandContext, principal: AuthPrincipal): Promise<CohortAnswer> {
    const registered = await this.civilServants.find(body.nip);
    if (!registered || !canSeeTrainingOf(principal, registered.agencyId)) throw civilServantNotFound();
    const { nip, agencyId, name } = registered;
    return this.run(commandOf('Enrol', { cohortId, enrolmentId: randomUUID(), nip, agencyId, name }, context), context);
  }

  withdraw(cohortId: string, nip: string, reason: string | null, context: CommandContext): Promise<CohortAnswer> {
    return this.run(commandOf('Withdraw', { cohortId, nip, reason }, context), context);
  }

  recordAttendance(cohortId: string, body: RecordAttendanceDto, context: CommandContext): Promise<CohortAnswer> {
    return this.run(commandOf('RecordAttendance', { cohortId, sessionId: body.sessionId, presentNips: body.presentNips }, context), context);
  }

  /** A pass credits the program's JP to the civil servant's record of the year, in the same transaction. */
  complete(cohortId: string, body: CompleteDto, context: CommandContext): Promise<CohortAnswer> {
    const result = { nip: body.nip, score: body.score, passed: body.passed, certificateNumber: body.certificateNumber ?? null };
    return this.run(commandOf('Complete', { cohortId, ...result }, context), context);
  }

  cancel(cohortId: string, reason: string, context: CommandContext): Promise<CohortAnswer> {
    return this.run(commandOf('CancelCohort', { cohortId, reason }, context), context);
  }

  list(programId: string): Promise<CohortSummaryDto[]> {
    return cohortsOfProgram(this.dataSource.manager, programId);
  }

  private run(command: CohortCommand, context: CommandContext): Promise<CohortAnswer> {
    const { cohortId } = command.data;
    return this.runner.execute(this.decider, command, context, { streamId: cohortStreamId(cohortId), projection }, async (manager, outcome) => {
      for (const event of outcome.events) {
        const credit = event.type === 'ParticipantCompleted' ? creditFromCompletion(event) : undefined;
        // Process manager in the same transaction: the pass and its JP commit together or not at all.
        if (credit) await this.developmentRecords.credit(manager, credit, context);
      }
      if (outcome.state.status === 'absent') throw cohortNotFound(cohortId);
      return { cohort: outcome.state, version: outcome.version };
    });
  }
}
