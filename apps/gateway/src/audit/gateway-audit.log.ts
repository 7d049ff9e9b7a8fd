import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BatchedInsert } from './batched-insert';

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

/**
 * Writes audit rows off the request path (BatchedInsert): calls are queued in
 * memory and inserted in batches every half second; a failed insert never
 * fails the call it records. Rows still queued are written when the gateway
 * shuts down; a crash loses at most the last half second.
 */
@Injectable()
export class GatewayAuditLog extends BatchedInsert<AuditedCall> {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    super({ loggerName: 'GatewayAudit', rowsName: 'audit rows', flushIntervalMs: 500, batchSize: 500, maxPending: 50_000 });
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
