import { Inject, Injectable } from '@nestjs/common';
import { AgencyRegister, CommandContext, CommandRunner } from '@palembang/platform';
import { EvaluateInternshipDto, PlaceInternDto } from '@palembang/training-api';
import { Internship, InternshipCommand, internshipDecider, InternshipEvent } from '@palembang/training-domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PartnersService } from '../partners/partners.service';
import { commandOf } from '../shared/training-commands';
import { notFound } from '../shared/training-http';
import { internshipIdsHostedBy, internshipWrites } from './internships-view';

export const internshipStreamId = (internshipId: string): string => `internship-${internshipId}`;
export const internshipNotFound = (id: string) => notFound('INTERNSHIP.NOT_FOUND', `No internship ${id}`);

export type ExistingInternship = Exclude<Internship, { status: 'absent' }>;
export type InternshipAnswer = Readonly<{ internship: ExistingInternship; version: number }>;
/** Whether the caller may see a record of that agency: else it is not found. */
export type MaySee = (agencyId: string) => boolean;

const projection = (outcome: { events: readonly InternshipEvent[] }) => internshipWrites(outcome.events);

/** Internships of partners' students at agencies: placed by the host or BKPSDM, evaluated and completed by the host. */
@Injectable()
export class InternshipsService {
  private readonly decider = internshipDecider();

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(AgencyRegister) private readonly agencies: AgencyRegister,
  ) {}

  async place(body: PlaceInternDto, hostAgencyId: string, context: CommandContext): Promise<InternshipAnswer> {
    await this.agencies.requireRegistered({ agencyId: hostAgencyId });
    const agreement = await this.partners.agreementTerms(body.partnerId, body.agreementId);
    const { partnerId, agreementId, studentId, studentName, supervisorNip, startsOn, endsOn } = body;
    const data = { internshipId: `int-${randomUUID()}`, partnerId, agreementId, agreement, studentId, studentName, agencyId: hostAgencyId, supervisorNip, startsOn, endsOn };
    return this.run(commandOf('PlaceIntern', data, context), context);
  }

  async evaluate(internshipId: string, body: EvaluateInternshipDto, context: CommandContext, maySee: MaySee): Promise<InternshipAnswer> {
    await this.visible(internshipId, maySee);
    return this.run(commandOf('EvaluateInternship', { internshipId, score: body.score, remarks: body.remarks }, context), context);
  }

  async complete(internshipId: string, context: CommandContext, maySee: MaySee): Promise<InternshipAnswer> {
    await this.visible(internshipId, maySee);
    return this.run(commandOf('CompleteInternship', { internshipId }, context), context);
  }

  /** The internship, if the caller may see its host agency's records; else not found. */
  async visible(internshipId: string, maySee: MaySee): Promise<InternshipAnswer> {
    const { state, version } = await this.runner.load(this.decider, internshipStreamId(internshipId));
    if (state.status === 'absent' || !maySee(state.agencyId)) throw internshipNotFound(internshipId);
    return { internship: state, version };
  }

  /** The internships hosted by an agency (every agency's for null): the streams are read together. */
  async hostedBy(agencyId: string | null, limit: number): Promise<InternshipAnswer[]> {
    const ids = await internshipIdsHostedBy(this.dataSource.manager, agencyId, limit);
    const loaded = await this.runner.loadMany(this.decider, ids.map(internshipStreamId));
    return loaded.flatMap(({ state, version }) => (state.status === 'absent' ? [] : [{ internship: state, version }]));
  }

  private async run(command: InternshipCommand, context: CommandContext): Promise<InternshipAnswer> {
    const { internshipId } = command.data;
    const { state, version } = await this.runner.execute(this.decider, command, context, { streamId: internshipStreamId(internshipId), projection });
    if (state.status === 'absent') throw internshipNotFound(internshipId);
    return { internship: state, version };
  }
}
