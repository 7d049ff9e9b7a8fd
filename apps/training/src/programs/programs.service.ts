import { Inject, Injectable } from '@nestjs/common';
import { Page, problem, ProblemException } from '@palembang/http';
import { AgencyRegister, CommandContext, CommandRunner } from '@palembang/platform';
import { CreateProgramDto, ProgramDto, UpdateProgramDto } from '@palembang/training-api';
import { Program, ProgramCommand, programDecider, ProgramEvent } from '@palembang/training-domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { commandOf } from '../shared/training-commands';
import { notFound } from '../shared/training-http';
import { listPrograms, programIdWithCode, ProgramListQuery, programWrites } from './programs-view';

export const programStreamId = (programId: string): string => `program-${programId}`;
export const programNotFound = (programId: string) => notFound('PROGRAM.NOT_FOUND', `No program ${programId}`);

export type ExistingProgram = Exclude<Program, { status: 'absent' }>;

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

/** A program provided by an agency names it: the register must hold it. */
const providingAgency = (provider?: { kind: string; id: string }) => ({ 'provider.id': provider?.kind === 'agency' ? provider.id : undefined });

const projection = (outcome: { events: readonly ProgramEvent[] }) => programWrites(outcome.events);

/** The catalogue of training programs: each owned by the agency that added it. */
@Injectable()
export class ProgramsService {
  private readonly decider = programDecider();

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AgencyRegister) private readonly agencies: AgencyRegister,
  ) {}

  async create(body: CreateProgramDto, context: CommandContext): Promise<ProgramDto> {
    const programId = `prg-${randomUUID()}`;
    await this.ensureCodeFree(body.code);
    await this.agencies.requireRegistered(providingAgency(body.provider));
    const details = { ...body, description: body.description ?? '', xapiActivityIds: body.xapiActivityIds ?? [], provider: { kind: body.provider.kind, id: body.provider.id } };
    const command = commandOf('CreateProgram', { programId, ...details }, context);
    return this.run(command, context, body.code);
  }

  async get(programId: string): Promise<{ program: ExistingProgram; version: number }> {
    const { state, version } = await this.runner.load(this.decider, programStreamId(programId));
    if (state.status === 'absent') throw programNotFound(programId);
    return { program: state, version };
  }

  async update(programId: string, body: UpdateProgramDto, context: CommandContext): Promise<ProgramDto> {
    await this.get(programId);
    if (body.code !== undefined) await this.ensureCodeFree(body.code, programId);
    await this.agencies.requireRegistered(providingAgency(body.provider));
    const data = { programId, ...body, ...(body.provider && { provider: { kind: body.provider.kind, id: body.provider.id } }) };
    return this.run(commandOf('UpdateProgram', data, context), context, body.code);
  }

  async retire(programId: string, reason: string, context: CommandContext): Promise<ProgramDto> {
    await this.get(programId);
    return this.run(commandOf('RetireProgram', { programId, reason }, context), context);
  }

  list(query: ProgramListQuery): Promise<Page<ProgramDto>> {
    return listPrograms(this.dataSource.manager, query);
  }

  /** A code another request took meanwhile is the same 409 as one taken before (the view's unique code). */
  private async run(command: ProgramCommand, context: CommandContext, code?: string): Promise<ProgramDto> {
    try {
      const { state, version } = await this.runner.execute(this.decider, command, context, { streamId: programStreamId(command.data.programId), projection });
      return programDtoOf(state as ExistingProgram, version);
    } catch (error) {
      if (isUniqueViolation(error) && code) throw codeTaken(code);
      throw error;
    }
  }

  private async ensureCodeFree(code: string, programId?: string): Promise<void> {
    const holder = await programIdWithCode(this.dataSource.manager, code);
    if (holder !== undefined && holder !== programId) throw codeTaken(code);
  }
}
