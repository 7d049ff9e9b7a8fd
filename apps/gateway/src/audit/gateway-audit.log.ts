import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeError } from '@palembang/platform';

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

const FLUSH_INTERVAL_MS = 500;
const BATCH_SIZE = 500;
const MAX_PENDING = 50_000;

/**
 * Writes audit rows off the request path: calls are queued in memory and
 * inserted in batches every half second. A failed insert is logged and its
 * rows are kept for the next attempt (up to a bound, then the oldest are
 * dropped and counted in the log); it never fails the call it records. Rows
 * still queued are written when the gateway shuts down; a crash loses at most
 * the last half second.
 */
@Injectable()
export class GatewayAuditLog implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('GatewayAudit');
  private pending: AuditedCall[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  record(call: AuditedCall): void {
    this.pending.push(call);
    if (this.pending.length > MAX_PENDING) {
      const dropped = this.pending.length - MAX_PENDING;
      this.pending.splice(0, dropped);
      this.logger.error(`audit queue full: dropped the ${dropped} oldest rows`);
    }
  }

  /** Writes what is queued; concurrent calls share one run. */
  flush(): Promise<void> {
    this.flushing ??= this.writeAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, BATCH_SIZE);
      try {
        await this.insert(batch);
        this.pending.splice(0, batch.length);
      } catch (error) {
        this.logger.error(`audit rows not written (${batch.length}, retried later): ${describeError(error)}`);
        return;
      }
    }
  }

  private async insert(batch: AuditedCall[]): Promise<void> {
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
