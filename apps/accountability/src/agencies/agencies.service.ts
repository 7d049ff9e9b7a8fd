import { Inject, Injectable, Logger } from '@nestjs/common';
import { AgencyCommand, agencyDecider, AgencyRegisterEvent, agencyStreamId, PALEMBANG_AGENCIES, AgencySeed, Agency } from '@palembang/accountability-domain';
import { AgencyDto, RegisterAgencyDto, UpdateAgencyDto } from '@palembang/accountability-api';
import { Page, problem, ProblemException } from '@palembang/http';
import { commandMetadataOf, CommandContext, CommandRunner } from '@palembang/platform';
import { DataSource } from 'typeorm';
import { agencyWrites, AgencyListQuery, listAgencies, registeredIdsAmong } from './agencies-view';

type ExistingAgency = Exclude<Agency, { status: 'absent' }>;

export const agencyNotFound = (agencyId: string) => new ProblemException(problem(404, { code: 'AGENCY.NOT_FOUND', detail: `No agency ${agencyId} in the register` }));

export function agencyDtoOf(agency: ExistingAgency, version: number): AgencyDto {
  const { agencyId, name, shortName, kind, status, registeredAt } = agency;
  return { agencyId, name, shortName, kind, status, registeredAt, version };
}

const projection = (outcome: { events: readonly AgencyRegisterEvent[] }) => agencyWrites(outcome.events);

/** The city's register of agencies (OPD): each agency its own stream `agency-<id>`, published on accountability.events. */
@Injectable()
export class AgenciesService {
  private readonly decider = agencyDecider();
  private readonly logger = new Logger('AgencyRegister');

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  register(body: RegisterAgencyDto, context: CommandContext): Promise<AgencyDto> {
    return this.run({ type: 'RegisterAgency', data: { agencyId: body.agencyId, name: body.name, shortName: body.shortName, kind: body.kind }, metadata: commandMetadataOf(context) }, context);
  }

  async update(agencyId: string, body: UpdateAgencyDto, context: CommandContext): Promise<AgencyDto> {
    await this.get(agencyId);
    return this.run({ type: 'UpdateAgency', data: { agencyId, ...body }, metadata: commandMetadataOf(context) }, context);
  }

  async retire(agencyId: string, reason: string, context: CommandContext): Promise<AgencyDto> {
    await this.get(agencyId);
    return this.run({ type: 'RetireAgency', data: { agencyId, reason }, metadata: commandMetadataOf(context) }, context);
  }

  async get(agencyId: string): Promise<AgencyDto> {
    const { state, version } = await this.runner.load(this.decider, agencyStreamId(agencyId));
    if (state.status === 'absent') throw agencyNotFound(agencyId);
    return agencyDtoOf(state, version);
  }

  list(query: AgencyListQuery): Promise<Page<AgencyDto>> {
    return listAgencies(this.dataSource.manager, query);
  }

  /**
   * Registers each agency of the seed the register has never held, as real events; one the register
   * holds (even retired) is left as it is, so a restart, or several replicas starting at once, adds
   * nothing twice, and an agency the city retired is not brought back.
   */
  async seed(context: CommandContext, seeds: readonly AgencySeed[] = PALEMBANG_AGENCIES): Promise<number> {
    const held = await registeredIdsAmong(this.dataSource.manager, seeds.map((seed) => seed.agencyId));
    let registered = 0;
    for (const seed of seeds.filter((candidate) => !held.has(candidate.agencyId))) {
      const outcome = await this.runner.execute(this.decider, { type: 'RegisterAgency', data: seed, metadata: commandMetadataOf(context) }, context, { streamId: agencyStreamId(seed.agencyId), projection }).catch(alreadyRegistered);
      if (outcome) registered++;
    }
    if (registered > 0) this.logger.log(`registered ${registered} agencies of the seed (${seeds.length} in it)`);
    return registered;
  }

  private async run(command: AgencyCommand, context: CommandContext): Promise<AgencyDto> {
    const { state, version } = await this.runner.execute(this.decider, command, context, { streamId: agencyStreamId(command.data.agencyId), projection });
    return agencyDtoOf(state as ExistingAgency, version);
  }
}

/** Another replica registered it meanwhile: nothing to do. */
function alreadyRegistered(error: unknown): undefined {
  if (error instanceof ProblemException && error.problem.code === 'AGENCY.ALREADY_REGISTERED') return undefined;
  throw error;
}
