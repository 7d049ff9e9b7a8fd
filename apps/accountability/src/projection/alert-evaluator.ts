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
import { MonthSums, MonthSumsAsked } from './aggregate-store';

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

  /** The advisory locks the evaluations due need (alertLocksSelect), held from a statement before the counts are read. */
  lockIds(): string[] {
    return [...new Set(this.due.map((evaluation) => evaluation.streamId))];
  }

  /** The committed counts the evaluations due need, read with the batch's aggregate delta (applyAggregateDelta). */
  countsAsked(): MonthSumsAsked[] {
    return alertCountsAsked(this.service, [...new Map(this.due.map((evaluation) => [evaluation.streamId, evaluation.key])).values()]);
  }

  /**
   * Runs the evaluations due on the committed counts (`committed`, as countsAsked asked them): read after
   * their locks were taken (lockIds) and before the batch's aggregate delta (see AlertEvaluator).
   */
  evaluate(manager: EntityManager, committed: MonthSums): Promise<void> {
    return this.evaluator.evaluate(manager, this, committed);
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
 * the aggregates before the end of the batch. The committed counts are read by the
 * statement that applies the batch's aggregate delta (BatchAlerts.countsAsked), whose
 * snapshot does not hold its own writes: one round trip fewer per batch.
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
   * The decider's stream is read only when the counts would alert. `committed` holds the counts of the
   * evaluations' months before the batch, read after their locks were taken by an earlier statement.
   */
  async evaluate(manager: EntityManager, alerts: BatchAlerts, committed: MonthSums): Promise<void> {
    const settled = new Set<string>();
    for (const { key, streamId, batchCounts, cause } of alerts.evaluations()) {
      if (settled.has(streamId)) continue;
      const base = alertCountsRead(committed, streamId);
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
 * An advisory lock per alert stream, held until commit, taken in a statement before the
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
 * What to read of the aggregates for the alert counts of each key's agency and month (keys of `service`,
 * asked by alert stream id), summed over the agency's services: what permitAlertCounts /
 * complaintAlertCounts give for the figures of the month's facts.
 */
export function alertCountsAsked(service: PerformanceService, keys: readonly AlertKey[]): MonthSumsAsked[] {
  const { serviceKind, decidedCases, casesWithinStandard } = ALERT_COUNT_MEASURES[service];
  return keys.map((key) => ({ id: alertStreamIdOf(key), agencyId: key.agencyId, period: key.period, serviceKind, measures: [decidedCases, casesWithinStandard] }));
}

/** The alert counts of one stream in what alertCountsAsked read (none: nothing counted). */
export function alertCountsRead(sums: MonthSums, streamId: string): AlertCounts {
  const [decidedCases, casesWithinStandard] = sums.get(streamId) ?? [0, 0];
  return { decidedCases, casesWithinStandard };
}
