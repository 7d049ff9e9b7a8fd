import { Inject, Injectable } from '@nestjs/common';
import { CommandContext, CommandRunner } from '@palembang/platform';
import { DevelopmentRecordDto, DevelopmentRecordListDto } from '@palembang/training-api';
import { DevelopmentCommand, developmentDecider, DevelopmentEvent, DevelopmentRecord, developmentStreamId, TrainingCommandOf } from '@palembang/training-domain';
import { DataSource, EntityManager } from 'typeorm';
import { agencyOfCivilServant, nipsRegisteredAt } from '../civil-servants/civil-servants-view';
import { commandOf } from '../shared/training-commands';
import { notFound } from '../shared/training-http';
import { agenciesOfRecord, developmentRecordsOf, nipsOfAgency, developmentRecordWrites, xapiCreditsOf } from './development-records-view';

export const recordNotFound = () => notFound('DEVELOPMENT.NOT_FOUND', 'No development record of this civil servant for the caller');

/** How many civil servants an agency's list counts at most. */
const MAX_LISTED = 5000;

const projection = (outcome: { events: readonly DevelopmentEvent[] }) => developmentRecordWrites(outcome.events);

const recordDto = (record: DevelopmentRecord, agencyId: string | null): DevelopmentRecordDto => ({ ...record, agencyId, credits: record.credits.map((credit) => ({ ...credit })) });

/** Civil servants' JP per year: credited by cohort passes and LMS statements, counted against the 20 JP minimum. */
@Injectable()
export class DevelopmentRecordsService {
  private readonly decider = developmentDecider();

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /** A process manager's step, in its transaction: the credit is recorded for the agency it names. */
  credit(manager: EntityManager, credit: TrainingCommandOf<'CreditJp'>['data'], context: CommandContext): Promise<void> {
    const forAgency = { ...context, agencyId: credit.agencyId, expectedVersion: undefined };
    return this.run(manager, commandOf('CreditJp', credit, forAgency), forAgency);
  }

  /** Withdraws what a voided xAPI statement credited, in the caller's transaction. */
  async revokeXapiCredits(manager: EntityManager, statementId: string, reason: string, context: CommandContext): Promise<void> {
    for (const { nip, year, agencyId } of await xapiCreditsOf(manager, statementId)) {
      const forAgency = { ...context, agencyId, expectedVersion: undefined };
      await this.run(manager, commandOf('RevokeJpCredit', { nip, year, reference: statementId, reason }, forAgency), forAgency);
    }
  }

  /** The record of a civil servant in a year, if `mayRead` one of the agencies it belongs to; else not found. */
  async record(nip: string, year: number, mayRead: (agencies: readonly string[]) => boolean): Promise<DevelopmentRecordDto> {
    const manager = this.dataSource.manager;
    if (!mayRead(await agenciesOfRecord(manager, nip, year))) throw recordNotFound();
    const [record] = await developmentRecordsOf(manager, [nip], year);
    return recordDto(record, (await agencyOfCivilServant(manager, nip)) ?? null);
  }

  /** The records of an agency's civil servants (and of those credited for it) in a year, with how many of its own meet the minimum. */
  async ofAgency(agencyId: string, year: number): Promise<DevelopmentRecordListDto> {
    const manager = this.dataSource.manager;
    const records = await developmentRecordsOf(manager, await nipsOfAgency(manager, agencyId, year, MAX_LISTED), year);
    const registered = await nipsRegisteredAt(manager, agencyId);
    return {
      agencyId,
      year,
      civilServants: registered.size,
      meetingMinimum: records.filter((record) => record.met && registered.has(record.nip)).length,
      items: records.map((record) => recordDto(record, registered.has(record.nip) ? agencyId : null)),
    };
  }

  private async run(manager: EntityManager, command: DevelopmentCommand, context: CommandContext): Promise<void> {
    await this.runner.executeIn(manager, this.decider, command, context, { streamId: developmentStreamId(command.data.nip, command.data.year), projection });
  }
}
