import { Inject, Injectable } from '@nestjs/common';
import { compareText, Granularity, periodOf, RankedAgency, RankingRules } from '@palembang/accountability-domain';
import { AgencyFiguresDto, AgencyServiceFiguresDto } from '@palembang/accountability-api';
import { Clock } from '@palembang/working-days';
import { DataSource, EntityManager } from 'typeorm';
import { listRegisteredAgencies } from '../agencies/registered-agencies.query';
import { agenciesWithCases, agencyTallies, serviceTallies } from './aggregate-queries';
import { AgencyName, agencyFigures, rankingOf, serviceFigures } from './metrics-figures';

export const ACCOUNTABILITY_CLOCK = Symbol('ACCOUNTABILITY_CLOCK');

/**
 * Computes every metrics answer from the aggregate tables the projection keeps
 * (aggregate-queries.ts), never from the facts: an answer costs a few indexed
 * queries whatever the number of cases. The queries of one answer run in one
 * REPEATABLE READ transaction, so its periods and agencies agree with each other.
 * Every registered agency is listed, with "no cases" where it has none, and so is
 * any agency that has cases without being registered (name and shortName null).
 */
@Injectable()
export class MetricsReader {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ACCOUNTABILITY_CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The instant the figures are computed at: the clock rounded up to the next
   * whole minute, so an answer (and its ETag) stays the same within a minute
   * unless a fact changes; nothing has happened after it yet.
   */
  asOf(): string {
    const millis = Date.parse(this.clock());
    return new Date(Math.ceil(millis / 60_000) * 60_000).toISOString();
  }

  /** The current period of a granularity, in Jakarta time. */
  currentPeriod(granularity: Granularity): string {
    return periodOf(this.clock(), granularity);
  }

  /** The figures of the period of every agency `sees` lets through (one query set for all, or for the only one). */
  agencyFigures(period: string, asOf: string, sees: (agencyId: string) => boolean, onlyAgency?: string): Promise<AgencyFiguresDto[]> {
    return this.read(async (manager) => {
      const visible = (await this.agencies(manager)).filter((agency) => sees(agency.agencyId));
      const tallies = await agencyTallies(manager, period, asOf, onlyAgency);
      return visible.map((agency) => agencyFigures(agency, tallies.get(agency.agencyId), period, asOf));
    });
  }

  /** One agency's figures in each of the periods. */
  series(agencyId: string, periods: readonly string[], asOf: string): Promise<AgencyFiguresDto[]> {
    return this.read(async (manager) => {
      const agency = await this.agencyName(manager, agencyId);
      const items: AgencyFiguresDto[] = [];
      for (const period of periods) items.push(agencyFigures(agency, (await agencyTallies(manager, period, asOf, agencyId)).get(agencyId), period, asOf));
      return items;
    });
  }

  services(agencyId: string, period: string, asOf: string): Promise<AgencyServiceFiguresDto> {
    return this.read(async (manager) => serviceFigures(await this.agencyName(manager, agencyId), await serviceTallies(manager, period, asOf, agencyId), period, asOf));
  }

  /** The ranking of every agency (a caller's view filters it afterwards: ranks are among all). */
  ranking(period: string, asOf: string, rules: RankingRules): Promise<readonly (RankedAgency & AgencyName)[]> {
    return this.read(async (manager) => rankingOf(await this.agencies(manager), await agencyTallies(manager, period, asOf), period, asOf, rules));
  }

  private read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  /** The registered agencies and those with cases, by id. */
  private async agencies(manager: EntityManager): Promise<AgencyName[]> {
    const registered = await listRegisteredAgencies(manager);
    const names = new Map<string, AgencyName>(registered.map(({ agencyId, name, shortName }) => [agencyId, { agencyId, name, shortName }]));
    for (const agencyId of await agenciesWithCases(manager)) if (!names.has(agencyId)) names.set(agencyId, { agencyId, name: null, shortName: null });
    return [...names.values()].sort((a, b) => compareText(a.agencyId, b.agencyId));
  }

  private async agencyName(manager: EntityManager, agencyId: string): Promise<AgencyName> {
    const registered = (await listRegisteredAgencies(manager)).find((agency) => agency.agencyId === agencyId);
    return { agencyId, name: registered?.name ?? null, shortName: registered?.shortName ?? null };
  }
}
