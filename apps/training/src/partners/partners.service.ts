import { Inject, Injectable } from '@nestjs/common';
import { CommandContext, CommandRunner } from '@palembang/platform';
import { RegisterPartnerDto, SignAgreementDto } from '@palembang/training-api';
import { AgreementTerms, agreementOf, Partner, PartnerCommand, partnerDecider, PartnerEvent } from '@palembang/training-domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { commandOf } from '../shared/training-commands';
import { notFound } from '../shared/training-http';
import { partnerIdsByName, partnerWrites } from './partners-view';

export const partnerStreamId = (partnerId: string): string => `partner-${partnerId}`;
export const partnerNotFound = (partnerId: string) => notFound('PARTNER.NOT_FOUND', `No partner ${partnerId}`);

export type ExistingPartner = Exclude<Partner, { status: 'absent' }>;
export type PartnerAnswer = Readonly<{ partner: ExistingPartner; version: number }>;

/** How many partners the list shows at most. */
const MAX_LISTED = 500;

const projection = (outcome: { events: readonly PartnerEvent[] }) => partnerWrites(outcome.events);

/** Partner institutions (universities, polytechnics) and their cooperation agreements, managed by BKPSDM. */
@Injectable()
export class PartnersService {
  private readonly decider = partnerDecider();

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  register(body: RegisterPartnerDto, context: CommandContext): Promise<PartnerAnswer> {
    return this.run(commandOf('RegisterPartner', { partnerId: `ptn-${randomUUID()}`, name: body.name, kind: body.kind }, context), context);
  }

  sign(partnerId: string, body: SignAgreementDto, context: CommandContext): Promise<PartnerAnswer> {
    const agreement = { agreementId: `agr-${randomUUID()}`, scope: body.scope, validFrom: body.validFrom, validUntil: body.validUntil };
    return this.run(commandOf('SignAgreement', { partnerId, ...agreement }, context), context);
  }

  terminate(partnerId: string, agreementId: string, reason: string, context: CommandContext): Promise<PartnerAnswer> {
    return this.run(commandOf('TerminateAgreement', { partnerId, agreementId, reason }, context), context);
  }

  async get(partnerId: string): Promise<PartnerAnswer> {
    const { state, version } = await this.runner.load(this.decider, partnerStreamId(partnerId));
    if (state.status === 'absent') throw partnerNotFound(partnerId);
    return { partner: state, version };
  }

  /** Every partner with its agreements, by name: the streams are read together. */
  async list(): Promise<PartnerAnswer[]> {
    const ids = await partnerIdsByName(this.dataSource.manager, MAX_LISTED);
    const loaded = await this.runner.loadMany(this.decider, ids.map(partnerStreamId));
    return loaded.flatMap(({ state, version }) => (state.status === 'absent' ? [] : [{ partner: state, version }]));
  }

  /** The terms of a partner's agreement, read for PlaceIntern and ProposeResearch (null when unknown: the rules answer 400). */
  async agreementTerms(partnerId: string, agreementId: string): Promise<AgreementTerms | null> {
    const { state } = await this.runner.load(this.decider, partnerStreamId(partnerId));
    return agreementOf(state, agreementId) ?? null;
  }

  private async run(command: PartnerCommand, context: CommandContext): Promise<PartnerAnswer> {
    const { partnerId } = command.data;
    const { state, version } = await this.runner.execute(this.decider, command, context, { streamId: partnerStreamId(partnerId), projection });
    if (state.status === 'absent') throw partnerNotFound(partnerId);
    return { partner: state, version };
  }
}
