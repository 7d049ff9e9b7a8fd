import { Injectable, Inject, Logger, OnModuleDestroy, BeforeApplicationShutdown } from '@nestjs/common';
import { describeError } from '@palembang/platform';
import { DataSource } from 'typeorm';

/** Where a login was tried: the token endpoint or one of the APIs with credentials of their own. */
export type LoginApi = 'oauth' | 'open311' | 'xapi';

/** A failed login: who claimed to log in, from where, and why it failed; never the secret. */
export interface LoginFailure {
  occurredAt: Date;
  api: LoginApi;
  /** The client or credential id as presented (cut to 100 characters). */
  clientId: string;
  address: string;
  /** refused: checked and wrong (or unknown, or revoked); throttled: refused without checking, over the limit. */
  outcome: 'refused' | 'throttled';
  correlationId: string;
}

const FLUSH_INTERVAL_MS = 1_000;
const MAX_PENDING = 10_000;

/**
 * Failed logins, written in batches off the request path (a guessing run must
 * not turn into one insert per guess); when more are queued than the bound,
 * the oldest are dropped and the count logged. Kept as long as the call audit.
 */
@Injectable()
export class LoginFailureLog implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('LoginFailures');
  private pending: LoginFailure[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  record(failure: LoginFailure): void {
    this.pending.push({ ...failure, clientId: failure.clientId.slice(0, 100) });
    if (this.pending.length > MAX_PENDING) {
      const dropped = this.pending.splice(0, this.pending.length - MAX_PENDING).length;
      this.logger.error(`login failure queue full: dropped the ${dropped} oldest`);
    }
  }

  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async write(): Promise<void> {
    const batch = this.pending.slice(0, 1_000);
    if (batch.length === 0) return;
    const column = <K extends keyof LoginFailure>(key: K) => batch.map((failure) => failure[key]);
    try {
      await this.dataSource.query(
        `INSERT INTO login_failures (occurred_at, api, client_id, address, outcome, correlation_id)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        [column('occurredAt').map((at) => at.toISOString()), column('api'), column('clientId'), column('address'), column('outcome'), column('correlationId')],
      );
      this.pending.splice(0, batch.length);
    } catch (error) {
      this.logger.error(`login failures not written (${batch.length}, retried later): ${describeError(error)}`);
    }
  }
}
