import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  CivilServant,
  ComplaintCaseFacts,
  complaintMetrics,
  Granularity,
  latestPerNip,
  PermitCaseFacts,
  permitMetrics,
  periodOf,
  periodRange,
  RankedAgency,
  rankAgencies,
  satisfactionMetrics,
  SurveyFacts,
  TrainingCredit,
  trainingMetrics,
} from '@palembang/accountability-domain';
import { AgencyFiguresDto, AgencyServiceFiguresDto } from '@palembang/accountability-api';
import { IkmResult } from '@palembang/satisfaction';
import { Clock } from '@palembang/working-days';
import { describeError, SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { FACT_TABLES, FACTS_CHANGED_CHANNEL, METRICS_SCHEMA } from '../projection/metric-tables';

/** The listening connection's application_name, to find it in pg_stat_activity. */
export const LISTENER_NAME = 'accountability-facts-listener';
const RELISTEN_AFTER_MS = 5_000;
const HEARTBEAT_EVERY_MS = 20_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;
/** A kept read is used for at most this long, even without a notification. */
const MAX_KEEP_MS = 60_000;
/** Values kept per snapshot and minute, at most: periods and agency ids in requests are the caller's choice. */
const MAX_COMPUTED_PER_MINUTE = 5_000;

export const ACCOUNTABILITY_CLOCK = Symbol('ACCOUNTABILITY_CLOCK');

/** Every fact of the current generation, read in one snapshot. */
export type FactsSnapshot = Readonly<{
  permits: readonly PermitCaseFacts[];
  complaints: readonly ComplaintCaseFacts[];
  surveys: readonly SurveyFacts[];
  /** `nip` holds the pseudonym (person_key), never a NIP. */
  credits: readonly TrainingCredit[];
  roster: readonly CivilServant[];
}>;

/**
 * Reads the facts and computes the figures with the domain library, from the
 * whole fact set of the current generation, so every period and agency of an
 * answer is consistent with the others.
 *
 * The fact set read is kept until the facts change: the projection notifies
 * FACTS_CHANGED_CHANNEL in the transaction that changes them, and this reader
 * listens on a connection of its own. While it is not listening (not connected
 * yet, connection lost) nothing is kept and every request reads afresh.
 */
@Injectable()
export class MetricsReader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MetricsReader');
  private reading?: Promise<FactsSnapshot>;
  private kept?: FactsSnapshot;
  /** Counts change notifications and listener losses: a read during which it moved is not kept. */
  private changes = 0;
  private readingSince = 0;
  private keptAt = 0;
  private listener?: Client;
  /** Listening, with the triggers in place, and the connection answered the last heartbeat. */
  private trusted = false;
  private warnedNoTriggers = false;
  private stopped = false;
  private relisten?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ACCOUNTABILITY_CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.relisten);
    clearInterval(this.heartbeat);
    await this.listener?.end().catch(() => undefined);
  }

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

  /**
   * The facts as they are now: the kept read while no change was notified
   * (and for at most a minute, a backstop for any change that could not
   * notify), else a new read. Requests that arrive while a read is running
   * share it unless a change came after it started, so a burst of dashboard
   * requests costs one read, not one each.
   */
  snapshot(): Promise<FactsSnapshot> {
    if (this.trusted && this.kept && Date.now() - this.keptAt < MAX_KEEP_MS) return Promise.resolve(this.kept);
    if (!this.reading || this.changes !== this.readingSince) {
      const changesBefore = this.changes;
      const reading = this.readSnapshot()
        .then((snapshot) => {
          if (this.trusted && this.changes === changesBefore) {
            this.kept = snapshot;
            this.keptAt = Date.now();
          }
          return snapshot;
        })
        .finally(() => {
          if (this.reading === reading) this.reading = undefined;
        });
      this.reading = reading;
      this.readingSince = changesBefore;
    }
    return this.reading;
  }

  private factsChanged(): void {
    this.changes++;
    this.kept = undefined;
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: LISTENER_NAME, keepAlive: true, connectionTimeoutMillis: HEARTBEAT_TIMEOUT_MS });
    client.on('notification', () => this.factsChanged());
    client.on('error', () => undefined); // 'end' follows
    client.on('end', () => this.lostListener(client, 'the connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${FACTS_CHANGED_CHANNEL}`);
      if (this.stopped) return void (await client.end());
      this.listener = client;
      await this.check(client);
      if (this.listener !== client) return; // lost during the first check
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => void this.check(client), HEARTBEAT_EVERY_MS);
      this.heartbeat.unref();
    } catch (error) {
      this.logger.warn(`not listening for fact changes, every request reads the facts: ${describeError(error)}`);
      await client.end().catch(() => undefined);
      this.lostListener(client, 'it could not listen');
    }
  }

  /**
   * The listening connection still answers, and every fact table still has
   * its trigger (a schema switched back by hand, or built by an older
   * version, would have none): only then is a read kept.
   */
  private async check(client: Client): Promise<void> {
    try {
      const rows = (await Promise.race([
        client.query(
          `SELECT count(*)::int AS count FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND t.tgname = 'facts_changed' AND c.relname = ANY($2)`,
          [METRICS_SCHEMA, [...FACT_TABLES]],
        ),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), HEARTBEAT_TIMEOUT_MS).unref()),
      ])) as { rows: Array<{ count: number }> };
      if (client !== this.listener) return; // an earlier connection, replaced meanwhile
      const triggers = rows.rows[0].count === FACT_TABLES.length;
      if (!triggers && !this.warnedNoTriggers) this.logger.warn('a fact table has no facts_changed trigger: every request reads the facts');
      this.warnedNoTriggers = !triggers;
      if (triggers !== this.trusted) this.factsChanged();
      this.trusted = triggers;
    } catch (error) {
      this.logger.warn(`the fact-change listener did not answer: ${describeError(error)}`);
      await client.end().catch(() => undefined);
    }
  }

  private lostListener(client: Client, why: string): void {
    if (this.listener !== undefined && this.listener !== client) return; // an earlier connection ending late
    this.listener = undefined;
    if (this.trusted) this.logger.warn(`stopped listening for fact changes (${why}); every request reads the facts until it listens again`);
    this.trusted = false;
    clearInterval(this.heartbeat);
    this.factsChanged();
    if (this.stopped || this.relisten) return;
    this.relisten = setTimeout(() => {
      this.relisten = undefined;
      void this.listen();
    }, RELISTEN_AFTER_MS);
    this.relisten.unref();
  }

  private async readSnapshot(): Promise<FactsSnapshot> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const schema = METRICS_SCHEMA;
      const facts = async <T>(table: string): Promise<T[]> => ((await manager.query(`SELECT facts FROM ${schema}.${table}`)) as Array<{ facts: T }>).map((row) => row.facts);
      const permits = await facts<PermitCaseFacts>('permit_facts');
      const complaints = await facts<ComplaintCaseFacts>('complaint_facts');
      const surveys = await facts<SurveyFacts>('survey_facts');
      const credits: Array<{ person_key: string; agency_id: string; jp: number; credited_at: Date }> = await manager.query(
        `SELECT person_key, agency_id, jp, credited_at FROM ${schema}.training_credits ORDER BY person_key, reference`,
      );
      const roster: Array<{ person_key: string; agency_id: string }> = await manager.query(`SELECT person_key, agency_id FROM ${schema}.civil_servants ORDER BY person_key`);
      return {
        permits,
        complaints,
        surveys,
        credits: credits.map((row) => ({ nip: row.person_key, agencyId: row.agency_id, jp: Number(row.jp), creditedAt: row.credited_at.toISOString() })),
        roster: roster.map((row) => ({ nip: row.person_key, agencyId: row.agency_id })),
      };
    });
  }
}

const computed = new WeakMap<FactsSnapshot, { asOf: string; values: Map<string, unknown> }>();

/**
 * Computes `key`'s value once per snapshot and `asOf` minute: requests sharing
 * a snapshot (see MetricsReader.snapshot) share the figures computed from it.
 * Only the latest minute's values are kept; they go with the snapshot.
 */
export function onceForSnapshot<T>(snapshot: FactsSnapshot, asOf: string, key: string, compute: () => T): T {
  let memo = computed.get(snapshot);
  if (!memo || memo.asOf < asOf) computed.set(snapshot, (memo = { asOf, values: new Map() }));
  if (memo.asOf !== asOf) return compute();
  if (memo.values.has(key)) return memo.values.get(key) as T;
  const value = compute();
  if (memo.values.size < MAX_COMPUTED_PER_MINUTE) memo.values.set(key, value);
  return value;
}

/** Every agency the facts name, in id order. */
export function agenciesOf(snapshot: FactsSnapshot): string[] {
  const ids = new Set<string>();
  for (const fact of [...snapshot.permits, ...snapshot.complaints, ...snapshot.surveys, ...snapshot.roster]) ids.add(fact.agencyId);
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The facts of one agency (complaints by the agency responsible now, training by the roster). */
export function factsOfAgency(snapshot: FactsSnapshot, agencyId: string): FactsSnapshot {
  const own = <T extends { agencyId: string }>(facts: readonly T[]) => facts.filter((fact) => fact.agencyId === agencyId);
  return { permits: own(snapshot.permits), complaints: own(snapshot.complaints), surveys: own(snapshot.surveys), credits: snapshot.credits, roster: own(latestPerNip(snapshot.roster)) };
}

/** One agency's figures of one period, from that agency's facts (see factsOfAgency). */
export function agencyFigures(agencyId: string, facts: FactsSnapshot, period: string, asOf: string): AgencyFiguresDto {
  const range = periodRange(period);
  const satisfaction = satisfactionMetrics(facts.surveys, range).agencies.find((agency) => agency.agencyId === agencyId);
  return {
    agencyId,
    period,
    from: range.from,
    to: range.to,
    permits: permitMetrics(facts.permits, range, asOf),
    complaints: complaintMetrics(facts.complaints, range, asOf),
    satisfaction: {
      respondents: satisfaction?.ikm.respondents ?? 0,
      elementAverages: satisfaction?.ikm.nrrPerElement ?? null,
      ikm: satisfaction?.ikm.ikm ?? null,
      grade: satisfaction?.ikm.grade ?? null,
      services: (satisfaction?.services ?? []).map((service) => ({ serviceKind: service.serviceKind, serviceCode: service.serviceCode, ...ikmFigures(service.ikm) })),
    },
    training: trainingMetrics(facts.credits, facts.roster, Number(period.slice(0, 4))),
  };
}

/** One agency's permit figures per permit type and complaint figures per category, of one period. */
export function serviceFigures(agencyId: string, facts: FactsSnapshot, period: string, asOf: string): AgencyServiceFiguresDto {
  const range = periodRange(period);
  const byCode = <T>(items: readonly T[], codeOf: (item: T) => string): Array<[string, T[]]> => {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const group = groups.get(codeOf(item));
      if (group) group.push(item);
      else groups.set(codeOf(item), [item]);
    }
    return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  return {
    agencyId,
    period,
    from: range.from,
    to: range.to,
    generatedAt: asOf,
    permits: byCode(facts.permits, (fact) => fact.permitTypeCode).map(([serviceCode, cases]) => ({ serviceCode, figures: permitMetrics(cases, range, asOf) })),
    complaints: byCode(facts.complaints, (fact) => fact.categoryCode).map(([serviceCode, cases]) => ({ serviceCode, figures: complaintMetrics(cases, range, asOf) })),
  };
}

/** The ranking of every agency for the period, on its figures. */
export function rankingOf(snapshot: FactsSnapshot, period: string, asOf: string): readonly RankedAgency[] {
  const range = periodRange(period);
  return rankAgencies(
    agenciesOf(snapshot).map((agencyId) => {
      const facts = factsOfAgency(snapshot, agencyId);
      const figures = agencyFigures(agencyId, facts, period, asOf);
      const ikm = satisfactionMetrics(facts.surveys, range).agencies.find((agency) => agency.agencyId === agencyId)?.ikm.ikmUnrounded ?? null;
      return {
        agencyId,
        permitShareWithinStandard: figures.permits.shareWithinStandard,
        complaintShareResolvedWithinDeadline: figures.complaints.shareResolvedWithinDeadline,
        ikm,
        trainingShareMeeting20Jp: figures.training.shareMeeting20Jp,
      };
    }),
  );
}

function ikmFigures(ikm: IkmResult): { respondents: number; elementAverages: Record<string, number> | null; ikm: number | null; grade: string | null } {
  return { respondents: ikm.respondents, elementAverages: ikm.nrrPerElement, ikm: ikm.ikm, grade: ikm.grade };
}
