import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BatchedInsert } from '../audit/batched-insert';

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

/**
 * Failed logins, written in batches off the request path (BatchedInsert: a
 * guessing run must not turn into one insert per guess); when more are queued
 * than the bound, the oldest are dropped and the count logged. Kept as long as
 * the call audit.
 */
@Injectable()
export class LoginFailureLog extends BatchedInsert<LoginFailure> {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    // A guessing run while the database is down must not grow memory without bound: the oldest go (their addresses are not logged either).
    super({ loggerName: 'LoginFailures', rowsName: 'login failures', flushIntervalMs: 1_000, batchSize: 1_000, maxPending: 10_000, overflow: 'drop-oldest', shutdownRetryMs: 5_000 });
  }

  override record(failure: LoginFailure): void {
    super.record({ ...failure, clientId: failure.clientId.slice(0, 100) });
  }

  protected async insert(batch: LoginFailure[]): Promise<void> {
    const column = <K extends keyof LoginFailure>(key: K) => batch.map((failure) => failure[key]);
    await this.dataSource.query(
      `INSERT INTO login_failures (occurred_at, api, client_id, address, outcome, correlation_id)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [column('occurredAt').map((at) => at.toISOString()), column('api'), column('clientId'), column('address'), column('outcome'), column('correlationId')],
    );
  }
}
