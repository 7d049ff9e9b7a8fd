import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope } from '@palembang/events';
import { AgencyRegister, CommandContext, CommandRunner } from '@palembang/platform';
import { ProposeResearchDto } from '@palembang/training-api';
import { ResearchCommand, researchDecider, ResearchEvent, ResearchProject } from '@palembang/training-domain';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { MaySee } from '../internships/internships.service';
import { PartnersService } from '../partners/partners.service';
import { commandOf } from '../shared/training-commands';
import { notFound } from '../shared/training-http';
import { projectIdsStudying, projectResearch } from './research-view';

export const researchStreamId = (projectId: string): string => `research-${projectId}`;
export const projectNotFound = (id: string) => notFound('RESEARCH.NOT_FOUND', `No research project ${id}`);

export type ExistingProject = Exclude<ResearchProject, { status: 'absent' }>;
/** A project with its events: the findings and the recommendations' texts are theirs. */
export type ProjectAnswer = Readonly<{ project: ExistingProject; envelopes: readonly EventEnvelope[]; version: number }>;


const project = (manager: EntityManager, outcome: { events: readonly ResearchEvent[] }) => projectResearch(manager, outcome.events);

/** Research by partners into agencies' services, whose recommendations go to the agency studied. */
@Injectable()
export class ResearchService {
  private readonly decider = researchDecider();

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(AgencyRegister) private readonly agencies: AgencyRegister,
  ) {}

  async propose(body: ProposeResearchDto, agencyId: string, context: CommandContext): Promise<ProjectAnswer> {
    const projectId = `rsc-${randomUUID()}`;
    await this.agencies.requireRegistered({ agencyId: agencyId });
    const agreement = await this.partners.agreementTerms(body.partnerId, body.agreementId);
    const data = { projectId, partnerId: body.partnerId, agreementId: body.agreementId, agreement, agencyId, title: body.title, kind: body.kind };
    return this.run(commandOf('ProposeResearch', data, context), context);
  }

  recordFindings(projectId: string, summary: string, context: CommandContext, maySee: MaySee): Promise<ProjectAnswer> {
    return this.act(commandOf('RecordFindings', { projectId, summary }, context), context, maySee);
  }

  addRecommendation(projectId: string, text: string, context: CommandContext, maySee: MaySee): Promise<ProjectAnswer> {
    return this.act(commandOf('AddRecommendation', { projectId, recommendationId: `rec-${randomUUID()}`, text }, context), context, maySee);
  }

  accept(projectId: string, recommendationId: string, context: CommandContext, maySee: MaySee): Promise<ProjectAnswer> {
    return this.act(commandOf('AcceptRecommendation', { projectId, recommendationId }, context), context, maySee);
  }

  reject(projectId: string, recommendationId: string, reason: string, context: CommandContext, maySee: MaySee): Promise<ProjectAnswer> {
    return this.act(commandOf('RejectRecommendation', { projectId, recommendationId, reason }, context), context, maySee);
  }

  markImplemented(projectId: string, recommendationId: string, note: string | null, context: CommandContext, maySee: MaySee): Promise<ProjectAnswer> {
    return this.act(commandOf('MarkRecommendationImplemented', { projectId, recommendationId, note }, context), context, maySee);
  }

  async visible(projectId: string, maySee: MaySee): Promise<ProjectAnswer> {
    const loaded = await this.load(projectId);
    if (!maySee(loaded.project.agencyId)) throw projectNotFound(projectId);
    return loaded;
  }

  /** The projects studying an agency (every agency's for null): the streams are read together. */
  async studying(agencyId: string | null, limit: number): Promise<ProjectAnswer[]> {
    const ids = await projectIdsStudying(this.dataSource.manager, agencyId, limit);
    const loaded = await this.runner.loadMany(this.decider, ids.map(researchStreamId));
    // A project listed in the view but not (yet) readable is left out, as the other lists do.
    return loaded.flatMap(({ state, envelopes, version }) => (state.status === 'absent' ? [] : [{ project: state, envelopes, version }]));
  }

  /** A command on a project the caller may see (else not found), answered with the project after it. */
  private async act(command: ResearchCommand, context: CommandContext, maySee: MaySee): Promise<ProjectAnswer> {
    await this.visible(command.data.projectId, maySee);
    return this.run(command, context);
  }

  private async load(projectId: string, manager?: EntityManager): Promise<ProjectAnswer> {
    const { state, envelopes, version } = await this.runner.load(this.decider, researchStreamId(projectId), manager);
    if (state.status === 'absent') throw projectNotFound(projectId);
    return { project: state, envelopes, version };
  }

  /** Runs the command and answers with the project as that command left it, read in its own transaction. */
  private run(command: ResearchCommand, context: CommandContext): Promise<ProjectAnswer> {
    const { projectId } = command.data;
    return this.runner.execute(this.decider, command, context, { streamId: researchStreamId(projectId), project }, (manager) => this.load(projectId, manager));
  }
}
