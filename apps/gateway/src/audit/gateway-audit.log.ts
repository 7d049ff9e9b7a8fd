import { Inject, Injectable, Optional } from '@nestjs/common';
import { platformMetrics } from '@palembang/platform';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { BatchedInsert, BatchedInsertSettings } from './batched-insert';

export interface AuditedCall {
  occurredAt: Date;
  clientId: string | null;
  agencyId: string | null;
  method: string;
  /** The route pattern such as /v1/permit-applications/:id; null when no route matched. */
  route: string | null;
  status: number;
  durationMs: number;
  correlationId: string;
}

/** Overrides of the audit buffer's settings (tests); the defaults below otherwise. */
export const GATEWAY_AUDIT_SETTINGS = Symbol('GATEWAY_AUDIT_SETTINGS');
export type GatewayAuditSettings = Partial<Pick<BatchedInsertSettings<AuditedCall>, 'flushIntervalMs' | 'batchSize' | 'maxPending' | 'shutdownRetryMs'>>;

/**
 * The call audit, written off the request path (BatchedInsert): each finished
 * call is queued in memory and inserted in batches of up to 500, every 200 ms
 * or as soon as a batch is full; a failed insert never fails the call it records
 * and its rows are retried. The queue is bounded by refusing new work, never by
 * dropping rows: once 20,000 rows wait (the database has not taken any for a
 * while; about 6 MB), the call audit middleware answers new calls 503 with
 * Retry-After until it drains, and every call already admitted is still
 * recorded. At shutdown the queue is written, retrying a refusing database for
 * 20 s (within the 35 s shutdown deadline), and any row still unwritten is
 * logged in full (none holds personal data) rather than lost.
 */
@Injectable()
export class GatewayAuditLog extends BatchedInsert<AuditedCall> {
  private refusedCalls = 0;
  private readonly refusedCounter = refusedCallsCounter();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource, @Optional() @Inject(GATEWAY_AUDIT_SETTINGS) settings: GatewayAuditSettings = {}) {
    super({
      loggerName: 'GatewayAudit',
      rowsName: 'audit rows',
      flushIntervalMs: 200,
      batchSize: 500,
      maxPending: 20_000,
      overflow: 'refuse-new-work',
      shutdownRetryMs: 20_000,
      describeUnwritten: (call) => call,
      ...settings,
    });
    observePending(this);
  }

  /** Counts a call refused because the queue is full; the count is logged once a second, not per call. */
  noteRefusedCall(): void {
    this.refusedCounter.inc();
    if (this.refusedCalls++ > 0) return;
    setTimeout(() => {
      this.logger.error(`refused ${this.refusedCalls} calls with 503 in the last second: ${this.pendingCount} audit rows wait for the database`);
      this.refusedCalls = 0;
    }, 1_000).unref();
  }

  protected async insert(batch: AuditedCall[]): Promise<void> {
    const column = <K extends keyof AuditedCall>(key: K) => batch.map((call) => call[key]);
    await this.dataSource.query(
      `INSERT INTO gateway_audit (occurred_at, client_id, agency_id, method, route, status, duration_ms, correlation_id)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::smallint[], $7::integer[], $8::text[])`,
      [
        column('occurredAt').map((at) => at.toISOString()),
        column('clientId'),
        column('agencyId'),
        column('method'),
        column('route'),
        column('status'),
        column('durationMs'),
        column('correlationId'),
      ],
    );
  }
}

const PENDING_METRIC = 'gateway_audit_pending_rows';
const REFUSED_METRIC = 'gateway_audit_refused_calls_total';
/** The audit log whose queue the gauge reports: one per gateway process. */
let observedAudit: GatewayAuditLog | undefined;

function observePending(audit: GatewayAuditLog): void {
  observedAudit = audit;
  const registry = platformMetrics().registry;
  if (registry.getSingleMetric(PENDING_METRIC)) return;
  new Gauge({
    name: PENDING_METRIC,
    help: 'Call audit rows waiting to be written; at 20000 the gateway refuses new calls with 503',
    registers: [registry],
    collect() {
      this.set(observedAudit?.pendingCount ?? 0);
    },
  });
}

function refusedCallsCounter(): Counter {
  const registry = platformMetrics().registry;
  return (registry.getSingleMetric(REFUSED_METRIC) as Counter | undefined) ?? new Counter({ name: REFUSED_METRIC, help: 'Calls refused with 503 because the call audit could not be written (its queue was full)', registers: [registry] });
}
