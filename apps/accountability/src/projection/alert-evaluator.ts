import {
  ALERT_COUNT_MEASURES,
  AlertCounts,
  alertCountsOfContributions,
  AlertKey,
  AlertPolicy,
  alertStreamIdOf,
  Contributions,
  EvaluateServicePerformance,
  PerformanceService,
  periodOf,
  servicePerformanceAlertDecider,
  ServicePerformanceAlertDecider,
  ServicePerformanceBelowStandard,
} from '@palembang/accountability-domain';
import { EventEnvelope, handleCommand, isRejection, PostgresEventStore, ServicePerformanceBelowStandard as IntegrationAlert } from '@palembang/events';
import { Clock } from '@palembang/working-days';
import { EntityManager } from 'typeorm';
import { ALL_SERVICES } from './aggregate-store';

export const ALERT_ACTOR = 'accountability-projection';

/** The decider's event is the integration event training consumes (libs/events/core): this stops compiling if the two drift apart. */
export const asIntegrationEvent = (event: ServicePerformanceBelowStandard): IntegrationAlert => event;

type DueEvaluation = Readonly<{ key: AlertKey; streamId: string; batchCounts: AlertCounts; cause: EventEnvelope }>;

/**
 * What one batch of the projection owes the alert policy of one service, gathered
 * while the batch is folded in memory: every case change adds what it changes in
 * the alert counts of its months (from its contributions, the very rows the
 * aggregates hold), and every decision (permits) or resolution (complaints) that
 * calls for an evaluation is noted with the counts the batch has changed so far in
 * its month. AlertEvaluator.evaluate then adds them to the committed aggregates.
 */
export class BatchAlerts {
  private readonly changedSoFar = new Map<string, AlertCounts>();
  private readonly due: DueEvaluation[] = [];

  constructor(readonly service: PerformanceService, private readonly evaluator: AlertEvaluator) {}

  /** A case went from `before` (undefined: new in the batch) to `after`, given as their contributions. */
  caseChanged(before: Contributions | undefined, after: Contributions): void {
    for (const change of alertCountsOfContributions(this.service, after)) this.add(change, 1);
    if (before) for (const change of alertCountsOfContributions(this.service, before)) this.add(change, -1);
  }

  /** The month of `at` is evaluated for the agency, as it stands after the changes so far. */
  evaluationDue(agencyId: string, at: string, cause: EventEnvelope): void {
    const key: AlertKey = { agencyId, service: this.service, serviceCode: null, period: periodOf(at, 'month') };
    const streamId = alertStreamIdOf(key);
    this.due.push({ key, streamId, batchCounts: { ...(this.changedSoFar.get(streamId) ?? NONE) }, cause });
  }

  evaluations(): readonly DueEvaluation[] {
    return this.due;
  }

  /** The advisory locks the evaluations due need (alertLocksSelect), held from a statement before evaluate's. */
  lockIds(): string[] {
    return [...new Set(this.due.map((evaluation) => evaluation.streamId))];
  }

  /**
   * Runs the evaluations due: after their locks were taken (lockIds) and before the batch's
   * aggregate delta is applied (see AlertEvaluator).
   */
  evaluate(manager: EntityManager, schema: string): Promise<void> {
    return this.evaluator.evaluate(manager, schema, this);
  }

  private add(change: AlertCounts & { agencyId: string; period: string }, sign: 1 | -1): void {
    const streamId = alertStreamIdOf({ agencyId: change.agencyId, service: this.service, serviceCode: null, period: change.period });
    const sofar = this.changedSoFar.get(streamId) ?? NONE;
    this.changedSoFar.set(streamId, { decidedCases: sofar.decidedCases + sign * change.decidedCases, casesWithinStandard: sofar.casesWithinStandard + sign * change.casesWithinStandard });
  }
}

const NONE: AlertCounts = { decidedCases: 0, casesWithinStandard: 0 };

/**
 * The alert policy at work in the projection's transaction: after a decision
 * (permits) or a resolution (complaints) changes an agency's month, the month's
 * counts go to the library's decider on the alert's own stream; its
 * ServicePerformanceBelowStandard is appended to this service's event store and
 * outbox in the same transaction as the fact, so both commit or neither does.
 * The decider emits at most once per agency, service and month.
 *
 * The month's counts are the committed aggregates (ALERT_COUNT_MEASURES: the same
 * sums the figures read, so permitAlertCounts / complaintAlertCounts of the month)
 * plus what the batch changed before the evaluated event, kept in memory by
 * BatchAlerts. That is what counting the facts written so far gave, without a scan
 * of the month's facts per decision (thousands at city scale) and with no write of
 * the aggregates before the end of the batch; it requires that the batch's own
 * aggregate delta is not applied yet when evaluate runs (projectEvents applies it last).
 */
export class AlertEvaluator {
  private readonly decider: ServicePerformanceAlertDecider;

  constructor(private readonly store: PostgresEventStore, policy: AlertPolicy, private readonly clock: Clock) {
    this.decider = servicePerformanceAlertDecider(policy);
  }

  /** What a batch of the service's events owes the policy, to be gathered while folding it. */
  forBatch(service: PerformanceService): BatchAlerts {
    return new BatchAlerts(service, this);
  }

  /**
   * One statement per batch (the committed counts), and the decider's stream only when the counts would
   * alert. The keys' locks must be held already, taken by an earlier statement of the transaction.
   */
  async evaluate(manager: EntityManager, schema: string, alerts: BatchAlerts): Promise<void> {
    const due = alerts.evaluations();
    if (due.length === 0) return;
    const keys = new Map(due.map((evaluation) => [evaluation.streamId, evaluation.key]));
    const committed = await committedAlertCounts(manager, schema, alerts.service, [...keys.values()]);
    const settled = new Set<string>();
    for (const { key, streamId, batchCounts, cause } of due) {
      if (settled.has(streamId)) continue;
      const base = committed.get(streamId) ?? NONE;
      const counts = { decidedCases: base.decidedCases + batchCounts.decidedCases, casesWithinStandard: base.casesWithinStandard + batchCounts.casesWithinStandard };
      if (await this.evaluateOne(manager, streamId, key, counts, cause)) settled.add(streamId);
    }
  }

  /**
   * Decides on a stream still watching first, in memory: most evaluations alert nothing and need no read of
   * the stream. When that would alert, the command runs on the stream itself (which may have alerted already),
   * and the month is settled: after it the stream holds its one alert. Returns whether it is settled.
   */
  private async evaluateOne(manager: EntityManager, streamId: string, key: AlertKey, counts: AlertCounts, cause: EventEnvelope): Promise<boolean> {
    const now = this.clock();
    const metadata = { agencyId: key.agencyId, actor: ALERT_ACTOR, correlationId: cause.correlationId, causationId: cause.eventId };
    const command: EvaluateServicePerformance = { type: 'EvaluateServicePerformance', data: { ...key, ...counts }, metadata: { ...metadata, now } };
    const watching = this.decider.decide(command, this.decider.initialState());
    // A rejection means figures that cannot be (never from the aggregates' own counts): nothing to emit.
    if (isRejection(watching) || watching.length === 0) return false;
    await handleCommand({ store: this.store, decider: this.decider, streamId, command, metadata, occurredAt: now, manager });
    return true;
  }
}

/**
 * Partitions are projected concurrently: two transactions deciding cases of the
 * same agency and month would each count without the other's uncommitted case.
 until commit, taken in a statement before the
 * counts are read, makes each count include every case committed before it, so
 * the month's evaluations see 1, 2, 3, ... decisions (a transaction's aggregates
 * commit while it holds the locks of its months). A batch's keys are locked at
 * once in key order, so two batches never wait for each other in a circle. The
 * text is a statement's last part (the projection writes its facts in the same one).
 */
export function alertLocksSelect(streamIdsParameter: string): string {
  return `SELECT pg_advisory_xact_lock(hashtext(id)) FROM unnest(${streamIdsParameter}::text[]) AS id ORDER BY id`;
}

/**
 * The alert counts of each key's agency and month (keys of `service`, by alert stream id) in
 * the committed aggregates, summed over the agency's services: what permitAlertCounts /
 * complaintAlertCounts give for the figures of the month's facts.
 */
export async function committedAlertCounts(manager: EntityManager, schema: string, service: PerformanceService, keys: readonly AlertKey[]): Promise<Map<string, AlertCounts>> {
  const { serviceKind, decidedCases, casesWithinStandard } = ALERT_COUNT_MEASURES[service];
  const rows: Array<{ id: string; decided: number; within: number }> = await manager.query(
    `SELECT k.id, coalesce(sum(a.amount) FILTER (WHERE a.measure = $4), 0)::int AS decided, coalesce(sum(a.amount) FILTER (WHERE a.measure = $5), 0)::int AS within
     FROM unnest($1::text[], $2::text[], $3::text[]) AS k(id, agency_id, period)
     LEFT JOIN ${schema}.aggregates a ON a.period = k.period AND a.agency_id = k.agency_id AND a.service_kind = $6 AND a.measure IN ($4, $5) AND a.service_code <> $7
     GROUP BY k.id`,
    [keys.map(alertStreamIdOf), keys.map((key) => key.agencyId), keys.map((key) => key.period), decidedCases, casesWithinStandard, serviceKind, ALL_SERVICES],
  );
  return new Map(rows.map((row) => [row.id, { decidedCases: row.decided, casesWithinStandard: row.within }]));
}
