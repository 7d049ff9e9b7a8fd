import {
  AlertKey,
  AlertPolicy,
  alertStreamIdOf,
  EvaluateServicePerformance,
  periodOf,
  periodRange,
  servicePerformanceAlertDecider,
  ServicePerformanceAlertDecider,
  ServicePerformanceBelowStandard,
} from '@palembang/accountability-domain';
import { EventEnvelope, handleCommand, PostgresEventStore, ServicePerformanceBelowStandard as IntegrationAlert } from '@palembang/events';
import { Clock } from '@palembang/working-days';
import { EntityManager } from 'typeorm';

export const ALERT_ACTOR = 'accountability-projection';

/** The decider's event is the integration event training consumes (libs/events/core): this stops compiling if the two drift apart. */
export const asIntegrationEvent = (event: ServicePerformanceBelowStandard): IntegrationAlert => event;

/**
 * The alert policy at work in the projection's transaction: after a decision
 * (permits) or a resolution (complaints) changes an agency's month, the month's
 * counts go to the library's decider on the alert's own stream; its
 * ServicePerformanceBelowStandard is appended to this service's event store and
 * outbox in the same transaction as the fact, so both commit or neither does.
 * The decider emits at most once per agency, service and month. The month's
 * counts are taken in SQL (the same definitions as permitAlertCounts /
 * complaintAlertCounts of the period figures; the e2e alert test checks them)
 * rather than by folding every fact of the month on every decision.
 */
export class AlertEvaluator {
  private readonly decider: ServicePerformanceAlertDecider;

  constructor(private readonly store: PostgresEventStore, policy: AlertPolicy, private readonly clock: Clock) {
    this.decider = servicePerformanceAlertDecider(policy);
  }

  async evaluatePermits(manager: EntityManager, schema: string, agencyId: string, decidedAt: string, cause: EventEnvelope): Promise<void> {
    const key: AlertKey = { agencyId, service: 'permits', serviceCode: null, period: periodOf(decidedAt, 'month') };
    if (await this.alreadyAlerted(manager, key)) return;
    const range = periodRange(key.period);
    // PermitFigures.casesMeasured / casesWithinStandard (permitAlertCounts), counted where the rows are:
    // decided (not withdrawn) in the month, with withinStandard known / true.
    const [counts]: Array<{ decided: number; within: number }> = await manager.query(
      `SELECT count(*) FILTER (WHERE facts->'withinStandard' <> 'null'::jsonb)::int AS decided, count(*) FILTER (WHERE facts->'withinStandard' = 'true'::jsonb)::int AS within
       FROM ${schema}.permit_facts WHERE agency_id = $1 AND decided_at >= $2 AND decided_at < $3 AND facts->>'decision' IN ('approved', 'deemed', 'rejected')`,
      [agencyId, range.from, range.to],
    );
    await this.evaluate(manager, key, { decidedCases: counts.decided, casesWithinStandard: counts.within }, cause);
  }

  async evaluateComplaints(manager: EntityManager, schema: string, agencyId: string, resolvedAt: string, cause: EventEnvelope): Promise<void> {
    const key: AlertKey = { agencyId, service: 'complaints', serviceCode: null, period: periodOf(resolvedAt, 'month') };
    if (await this.alreadyAlerted(manager, key)) return;
    const range = periodRange(key.period);
    // ComplaintFigures.resolved / resolvedWithinDeadline (complaintAlertCounts): current resolutions in the month.
    const [counts]: Array<{ decided: number; within: number }> = await manager.query(
      `SELECT count(*)::int AS decided, count(*) FILTER (WHERE facts->'resolvedWithinDeadline' = 'true'::jsonb)::int AS within
       FROM ${schema}.complaint_facts WHERE agency_id = $1 AND resolved_at >= $2 AND resolved_at < $3`,
      [agencyId, range.from, range.to],
    );
    await this.evaluate(manager, key, { decidedCases: counts.decided, casesWithinStandard: counts.within }, cause);
  }

  /**
   * Takes the key's lock, then tells whether its alert exists already (the decider
   * would emit nothing again): a month that alerted costs one lookup per decision.
   */
  private async alreadyAlerted(manager: EntityManager, key: AlertKey): Promise<boolean> {
    await serialise(manager, key);
    return (await this.store.streamVersion(alertStreamIdOf(key), manager)) > 0;
  }

  private async evaluate(manager: EntityManager, key: AlertKey, counts: { decidedCases: number; casesWithinStandard: number }, cause: EventEnvelope): Promise<void> {
    const now = this.clock();
    const metadata = { agencyId: key.agencyId, actor: ALERT_ACTOR, correlationId: cause.correlationId, causationId: cause.eventId };
    const command: EvaluateServicePerformance = { type: 'EvaluateServicePerformance', data: { ...key, ...counts }, metadata: { ...metadata, now } };
    // A rejection means figures that cannot be (never from the library's own counts): nothing to emit.
    await handleCommand({ store: this.store, decider: this.decider, streamId: alertStreamIdOf(key), command, metadata, occurredAt: now, manager });
  }
}

/**
 * Partitions are projected concurrently: two transactions deciding cases of the
 * same agency and month would each count without the other's uncommitted case.
 * Holding a lock per alert key until commit makes each count include every case
 * committed before it, so the month's evaluations see 1, 2, 3, ... decisions.
 */
async function serialise(manager: EntityManager, key: AlertKey): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [alertStreamIdOf(key)]);
}
