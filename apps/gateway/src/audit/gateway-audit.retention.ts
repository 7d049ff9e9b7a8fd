import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { describeError } from '@palembang/platform';
import { DataSource } from 'typeorm';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';

const FIRST_RUN_AFTER_MS = 60_000;
const RUN_EVERY_MS = 60 * 60_000;
const DELETE_BATCH = 10_000;
const DAY_MS = 24 * 60 * 60_000;

/** The audit tables, each with `id` and `occurred_at`: the call audit and the failed logins. */
const AUDIT_TABLES = ['gateway_audit', 'login_failures'] as const;

/**
 * Keeps the call audit and the failed logins for GATEWAY_AUDIT_RETENTION_DAYS and no longer: once
 * an hour (first a minute after start) rows older than that are deleted, in
 * batches so that no statement holds many locks or a long transaction. Every
 * gateway instance runs it; they only ever delete the same old rows.
 */
@Injectable()
export class GatewayAuditRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('GatewayAuditRetention');
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timers = [setTimeout(() => void this.pruneAndLog(), FIRST_RUN_AFTER_MS), setInterval(() => void this.pruneAndLog(), RUN_EVERY_MS)];
    this.timers.forEach((timer) => timer.unref());
  }

  onModuleDestroy(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
  }

  /** Deletes the rows older than the retention period before `now`; returns how many. */
  async prune(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.auditRetentionDays * DAY_MS);
    let deleted = 0;
    for (const table of AUDIT_TABLES) {
      for (;;) {
        const result: [unknown[], number] = await this.dataSource.query(
          `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE occurred_at < $1 ORDER BY occurred_at LIMIT ${DELETE_BATCH})`,
          [cutoff.toISOString()],
        );
        deleted += result[1];
        if (result[1] < DELETE_BATCH) break;
      }
    }
    return deleted;
  }

  private async pruneAndLog(): Promise<void> {
    try {
      const deleted = await this.prune();
      if (deleted > 0) this.logger.log(`deleted ${deleted} audit rows older than ${this.config.auditRetentionDays} days`);
    } catch (error) {
      this.logger.warn(`audit retention did not run, next try in an hour: ${describeError(error)}`);
    }
  }
}
