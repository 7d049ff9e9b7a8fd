import { Inject, Injectable } from '@nestjs/common';
import { CreateProgramDto, ProgramDto, ScheduleCohortDto, UpdateProgramDto } from '@palembang/training-api';
import { Cohort, cohortDecider, Program, programDecider } from '@palembang/training-domain';
import { problem, ProblemException } from '@palembang/http';
import { randomUUID } from 'node:crypto';
import { decodePosition, encodePosition, notFound } from '../shared/http';
import { CommandContext, TrainingStore } from '../shared/training-store';

export const programStreamId = (programId: string): string => `program-${programId}`;
export const cohortStreamId = (cohortId: string): string => `cohort-${cohortId}`;
export const programNotFound = (programId: string) => notFound('PROGRAM.NOT_FOUND', `No program ${programId}`);

type ExistingProgram = Exclude<Program, { status: 'absent' }>;

export function programDtoOf(program: ExistingProgram, version: number): ProgramDto {
  const { programId, agencyId, status, code, title, competencyArea, jp, deliveryMode, provider, description, xapiActivityIds, createdAt } = program;
  return { programId, agencyId, status, code, title, competencyArea, jp, deliveryMode, provider: { ...provider }, description, xapiActivityIds: [...xapiActivityIds], createdAt, version };
}

function codeTaken(code: string): ProblemException {
  return new ProblemException(problem(409, { code: 'PROGRAM.CODE_TAKEN', detail: `The catalogue already has a program with code ${code}`, errors: [{ field: 'code', message: 'code is already used by another program' }] }));
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: string } })?.driverError?.code === '23505' || (error as { code?: string })?.code === '23505';
}

/** The catalogue of training programs and the cohorts scheduled from it. */
@Injectable()
export class ProgramsService {
  private readonly programs = programDecider();
  private readonly cohorts = cohortDecider();

  constructor(@Inject(TrainingStore) private readonly store: TrainingStore) {}

  async create(body: CreateProgramDto, context: CommandContext): Promise<ProgramDto> {
    const programId = `prg-${randomUUID()}`;
    await this.ensureCodeFree(body.code);
    const command = {
      type: 'CreateProgram' as const,
      data: { programId, ...body, description: body.description ?? '', xapiActivityIds: body.xapiActivityIds ?? [], provider: { kind: body.provider.kind, id: body.provider.id } },
      metadata: this.metadataOf(context),
    };
    try {
      const { state, version } = await this.store.execute(this.programs, programStreamId(programId), command, context);
      return programDtoOf(state as ExistingProgram, version);
    } catch (error) {
      if (isUniqueViolation(error)) throw codeTaken(body.code);
      throw error;
    }
  }

  async get(programId: string): Promise<{ program: ExistingProgram; version: number }> {
    const { state, version } = await this.store.load(this.programs, programStreamId(programId));
    if (state.status === 'absent') throw programNotFound(programId);
    return { program: state, version };
  }

  async update(programId: string, body: UpdateProgramDto, context: CommandContext): Promise<ProgramDto> {
    await this.get(programId);
    if (body.code !== undefined) await this.ensureCodeFree(body.code, programId);
    const data = { programId, ...body, ...(body.provider && { provider: { kind: body.provider.kind, id: body.provider.id } }) };
    try {
      const { state, version } = await this.store.execute(this.programs, programStreamId(programId), { type: 'UpdateProgram', data, metadata: this.metadataOf(context) }, context);
      return programDtoOf(state as ExistingProgram, version);
    } catch (error) {
      if (isUniqueViolation(error) && body.code) throw codeTaken(body.code);
      throw error;
    }
  }

  async retire(programId: string, reason: string, context: CommandContext): Promise<ProgramDto> {
    await this.get(programId);
    const { state, version } = await this.store.execute(this.programs, programStreamId(programId), { type: 'RetireProgram', data: { programId, reason }, metadata: this.metadataOf(context) }, context);
    return programDtoOf(state as ExistingProgram, version);
  }

  /** The program must be active; its JP are what a pass of the cohort credits. */
  async scheduleCohort(programId: string, body: ScheduleCohortDto, context: CommandContext): Promise<{ cohort: Exclude<Cohort, { status: 'absent' }>; version: number }> {
    const { program } = await this.get(programId);
    if (program.status !== 'active') {
      throw new ProblemException(problem(409, { code: 'PROGRAM.INVALID_TRANSITION', detail: 'A retired program gets no new cohorts' }));
    }
    const cohortId = `coh-${randomUUID()}`;
    const command = {
      type: 'ScheduleCohort' as const,
      data: { cohortId, programId, programJp: program.jp, startsOn: body.startsOn, endsOn: body.endsOn, capacity: body.capacity, sessions: body.sessions.map(({ sessionId, date }) => ({ sessionId, date })) },
      metadata: this.metadataOf(context),
    };
    // Scheduling reads the program outside the cohort's transaction: the program's JP at scheduling time is what the cohort credits.
    const { state, version } = await this.store.execute(this.cohorts, cohortStreamId(cohortId), command, { ...context, expectedVersion: undefined });
    if (state.status === 'absent') throw programNotFound(programId);
    return { cohort: state, version };
  }

  async list(query: { status?: string; competencyArea?: string; cursor?: string; limit: number }): Promise<{ items: ProgramDto[]; nextCursor: string | null }> {
    const cursor = query.cursor ? decodePosition(query.cursor) : null;
    const rows: Array<{ program_id: string; agency_id: string; code: string; title: string; competency_area: string; jp: number; details: { deliveryMode: string; provider: { kind: 'agency' | 'partner'; id: string }; description: string }; xapi_activity_ids: string[]; status: string; created_at: Date; version: number }> =
      await this.store.dataSource.query(
        `SELECT * FROM training_programs
          WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR competency_area = $2)
            AND ($3::timestamptz IS NULL OR (created_at, program_id) > ($3::timestamptz, $4::text))
          ORDER BY created_at, program_id LIMIT $5`,
        [query.status ?? null, query.competencyArea ?? null, cursor?.at ?? null, cursor?.id ?? null, query.limit + 1],
      );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        programId: row.program_id, agencyId: row.agency_id, status: row.status, code: row.code, title: row.title, competencyArea: row.competency_area, jp: row.jp,
        deliveryMode: row.details.deliveryMode, provider: row.details.provider, description: row.details.description, xapiActivityIds: row.xapi_activity_ids,
        createdAt: row.created_at.toISOString(), version: row.version,
      })),
      nextCursor: rows.length > query.limit && last ? encodePosition(last.created_at.toISOString(), last.program_id) : null,
    };
  }

  private async ensureCodeFree(code: string, programId?: string): Promise<void> {
    const rows: Array<{ program_id: string }> = await this.store.dataSource.query(`SELECT program_id FROM training_programs WHERE code = $1`, [code]);
    if (rows.length > 0 && rows[0].program_id !== programId) throw codeTaken(code);
  }

  private metadataOf(context: CommandContext) {
    return { now: context.now, agencyId: context.agencyId, actor: context.actor, correlationId: context.correlationId };
  }
}
