import { Inject, Injectable } from '@nestjs/common';
import { compareText, Granularity, periodOf, RankedAgency, RankingRules } from '@palembang/accountability-domain';
import { AgencyFiguresDto, AgencyServiceFiguresDto } from '@palembang/accountability-api';
import { Clock } from '@palembang/working-days';
import { DataSource, EntityManager } from 'typeorm';
import { listRegisteredAgencies } from '../agencies/registered-agencies.query';
import { agenciesWithCases, AgencyTallies, agencyTallies, serviceTallies } from './aggregate-queries';
import { AgencyName, agencyFigures, noTallies, rankingOf, serviceFigures } from './metrics-figures';
import { TalliesCache } from './tallies-cache';

export const ACCOUNTABILITY_CLOCK = Symbol('ACCOUNTABILITY_CLOCK');

/** How long before a new answer minute its tallies are read ahead. */
const READ_AHEAD_MS = 10_000;

/**
 * Computes every metrics answer from the aggregate tables the projection keeps
 * (aggregate-queries.ts), never from the facts: an answer costs a few indexed
 * queries whatever the number of cases. Every registered agency is listed, with
 * "no cases" where it has none, and so is any agency that has cases without being
 * registered (name and shortName null).
 *
 * The answers about every agency (the list and the ranking) keep each agency's tallies
 * between answers (TalliesCache, told of every committed change by MetricsChangeListener)
 * and read only the agencies changed since, in one statement; each agency's tallies are
 * then those of the latest change to it. The list of agencies is kept likewise. A series and an
 * agency's services read the database each time, in one REPEATABLE READ transaction.
 */
@Injectable()
export class MetricsReader {
  /** Agency tallies the every-agency answers asked for, and those read from the database (the others were kept). */
  readonly counts = { asked: 0, read: 0 };
  private readonly reading = new Map<string, Promise<unknown>>();
  private readonly figuresOfTallies = new WeakMap<AgencyTallies, AgencyFiguresDto>();
  private readonly readAheadOf = new Set<string>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ACCOUNTABILITY_CLOCK) private readonly clock: Clock,
    @Inject(TalliesCache) private readonly cache: TalliesCache = new TalliesCache(),
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

  /** The figures of the period of every agency `sees` lets through. */
  async agencyFigures(period: string, asOf: string, sees: (agencyId: string) => boolean): Promise<AgencyFiguresDto[]> {
    const visible = (await this.listedAgencies()).filter((agency) => sees(agency.agencyId));
    const tallies = await this.talliesOf(period, asOf, visible.map((agency) => agency.agencyId));
    this.readAhead(period, asOf, visible.map((agency) => agency.agencyId));
    return visible.map((agency) => this.figuresOf(agency, tallies.get(agency.agencyId) as AgencyTallies, period, asOf));
  }

  /** One agency's figures in each of the periods. */
  series(agencyId: string, periods: readonly string[], asOf: string): Promise<AgencyFiguresDto[]> {
    return this.read(async (manager) => {
      const agency = await this.agencyName(manager, agencyId);
      const items: AgencyFiguresDto[] = [];
      for (const period of periods) items.push(agencyFigures(agency, (await agencyTallies(manager, period, asOf, [agencyId])).get(agencyId), period, asOf));
      return items;
    });
  }

  services(agencyId: string, period: string, asOf: string): Promise<AgencyServiceFiguresDto> {
    return this.read(async (manager) => serviceFigures(await this.agencyName(manager, agencyId), await serviceTallies(manager, period, asOf, agencyId), period, asOf));
  }

  /** The ranking of every agency (a caller's view filters it afterwards: ranks are among all). */
  async ranking(period: string, asOf: string, rules: RankingRules): Promise<readonly (RankedAgency & AgencyName)[]> {
    const agencies = await this.listedAgencies();
    const tallies = await this.talliesOf(period, asOf, agencies.map((agency) => agency.agencyId));
    this.readAhead(period, asOf, agencies.map((agency) => agency.agencyId));
    return rankingOf(agencies, tallies, period, asOf, rules);
  }

  /**
   * Near the end of an answer minute, reads the next minute's tallies once, off the request path:
   * a new minute starts with none kept (the overdue counts depend on the instant), and otherwise the
   * first answer of every minute would read every agency while the next ones wait for it.
   */
  private readAhead(period: string, asOf: string, agencies: readonly string[]): void {
    const next = new Date(Date.parse(asOf) + 60_000).toISOString();
    // Once per instant and set of agencies (an agency's own client asks for one, a dashboard for all).
    const key = `${period} ${next} ${agencies.length === 1 ? agencies[0] : agencies.length}`;
    if (!this.cache.isCaching || this.readAheadOf.has(key) || Date.parse(asOf) - Date.parse(this.clock()) > READ_AHEAD_MS) return;
    this.readAheadOf.add(key);
    if (this.readAheadOf.size > 16) this.readAheadOf.delete(this.readAheadOf.values().next().value as string);
    this.talliesOf(period, next, agencies, false).catch(() => undefined);
  }

  /**
   * The agencies' tallies: those kept, the others read in one statement. One read at a time per
   * instant: a concurrent answer waits for it, then reads only what is still missing.
   */
  private async talliesOf(period: string, asOf: string, agencies: readonly string[], counted = true): Promise<Map<string, AgencyTallies>> {
    const key = `${period} ${asOf}`;
    for (let waited = false; ; waited = true) {
      const { found, missing } = this.cache.lookup(period, asOf, agencies);
      const running = this.reading.get(key);
      if (missing.length > 0 && running && !waited && this.cache.isCaching) {
        await running.catch(() => undefined);
        continue;
      }
      if (counted) {
        this.counts.asked += agencies.length;
        this.counts.read += missing.length;
      }
      if (missing.length === 0) return found;
      const mark = this.cache.mark();
      const reading = agencyTallies(this.dataSource, period, asOf, missing);
      this.reading.set(key, reading);
      try {
        const read = await reading;
        // An agency without any row gets tallies of its own, so it is kept (and its figures with it) too.
        for (const agency of missing) if (!read.has(agency)) read.set(agency, noTallies());
        this.cache.keep(period, asOf, read, mark);
        for (const agency of missing) found.set(agency, read.get(agency) as AgencyTallies);
        return found;
      } finally {
        if (this.reading.get(key) === reading) this.reading.delete(key);
      }
    }
  }

  /** An agency's figures, computed once per tallies kept (and again if its name changed). */
  private figuresOf(agency: AgencyName, tallies: AgencyTallies, period: string, asOf: string): AgencyFiguresDto {
    const computed = this.figuresOfTallies.get(tallies);
    if (computed && computed.agencyId === agency.agencyId && computed.name === agency.name && computed.shortName === agency.shortName) return computed;
    const figures = agencyFigures(agency, tallies, period, asOf);
    this.figuresOfTallies.set(tallies, figures);
    return figures;
  }

  private read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  /**
   * The registered agencies and those with cases, by id: the list kept while the cache hears every change
   * (see TalliesCache), or read in two statements at once, each its own snapshot.
   */
  private async listedAgencies(): Promise<readonly AgencyName[]> {
    const kept = this.cache.listing();
    if (kept) return kept;
    const mark = this.cache.mark();
    const [registered, withCases] = await Promise.all([listRegisteredAgencies(this.dataSource.manager), agenciesWithCases(this.dataSource)]);
    const names = new Map<string, AgencyName>(registered.map(({ agencyId, name, shortName }) => [agencyId, { agencyId, name, shortName }]));
    for (const agencyId of withCases) if (!names.has(agencyId)) names.set(agencyId, { agencyId, name: null, shortName: null });
    const listed = [...names.values()].sort((a, b) => compareText(a.agencyId, b.agencyId));
    this.cache.keepListing(listed, new Set(registered.map((agency) => agency.agencyId)), mark);
    return listed;
  }

  private async agencyName(manager: EntityManager, agencyId: string): Promise<AgencyName> {
    const registered = (await listRegisteredAgencies(manager)).find((agency) => agency.agencyId === agencyId);
    return { agencyId, name: registered?.name ?? null, shortName: registered?.shortName ?? null };
  }
}
