import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { describeError } from '@palembang/platform';
import { decideSubscription, isSecret, nextAttempt, signedHeaders } from '@palembang/webhooks-domain';
import { isRejection } from '@palembang/events/core';
import { DataSource, EntityManager } from 'typeorm';
import { openSecret } from '../subscriptions/subscriptions.service';
import { loadSubscriptionForUpdate, subscriptionOf, updateSubscription } from '../subscriptions/subscription-rows';
import { WEBHOOKS_SETTINGS, WebhooksSettings } from '../webhooks-config';
import { DeliveryAnswer, postPinned } from './pinned-request';

type ClaimedDelivery = Readonly<{
  delivery_id: string;
  subscription_id: string;
  body: string;
  attempts: number;
  first_attempt_at: Date;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
}>;

/** How long a claimed delivery stays with its worker beyond the request's timeout; after that another attempt may take it (at least once). */
const LEASE_MARGIN_MS = 30_000;
/** Due deliveries looked at per claim, before at most `concurrencyPerSubscription` of each subscription are taken. */
const CANDIDATES_PER_CLAIM = 500;
/** How long the delivery log keeps a delivered or failed delivery (a pending one stays until it is one), and how often it is pruned. */
export const DELIVERY_LOG_RETENTION_DAYS = 30;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
const PRUNE_BATCH = 5_000;

/**
 * Claims the deliveries that are due and at the head of their stream for their subscription
 * (the next delivery of a stream waits until the one before it is delivered or failed), at most
 * `concurrencyPerSubscription` per subscription and `concurrency` in all, and sends each on its
 * own: a slow or dead endpoint holds its own slots until its timeout, never another subscriber's.
 * A claim is a lease in the database, so replicas share the work and a process that dies
 * mid-delivery leaves it to be sent again once the lease runs out.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly inFlight = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private pruning?: NodeJS.Timeout;
  private claiming = false;
  private stopped = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WEBHOOKS_SETTINGS) private readonly settings: WebhooksSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
    this.pruning = setInterval(() => void this.pruneLog(), PRUNE_INTERVAL_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pruning);
    await Promise.allSettled([...this.running]);
  }

  /** Deletes delivered and failed deliveries past the retention, a batch at a time; returns how many. */
  async pruneLog(): Promise<number> {
    let pruned = 0;
    try {
      for (;;) {
        const [, count]: [unknown, number] = await this.dataSource.query(
          `DELETE FROM webhook_deliveries WHERE delivery_id IN (
             SELECT delivery_id FROM webhook_deliveries WHERE status <> 'pending' AND created_at < now() - $1 * interval '1 day' LIMIT ${PRUNE_BATCH})`,
          [DELIVERY_LOG_RETENTION_DAYS],
        );
        pruned += count;
        if (count < PRUNE_BATCH) return pruned;
      }
    } catch (error) {
      this.logger.warn(`could not prune the delivery log (tried again in an hour): ${describeError(error)}`);
      return pruned;
    }
  }

  /** New deliveries were committed (or a slot freed): look now rather than at the next poll. */
  wakeSoon(): void {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms).unref();
  }

  private async tick(): Promise<void> {
    if (this.claiming) return;
    this.claiming = true;
    try {
      const free = this.settings.concurrency - this.running.size;
      if (free > 0) for (const delivery of await this.claim(free)) this.start(delivery);
    } catch (error) {
      this.logger.warn(`could not claim due deliveries (tried again shortly): ${describeError(error)}`);
    } finally {
      this.claiming = false;
      this.schedule(this.settings.pollMs);
    }
  }

  private async claim(limit: number): Promise<ClaimedDelivery[]> {
    const busy = [...this.inFlight.keys()];
    const [rows]: [ClaimedDelivery[]] = await this.dataSource.query(
      `WITH candidates AS (
         SELECT d.delivery_id, d.subscription_id, d.next_attempt_at, d.sequence
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id AND s.status = 'active'
         WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.leased_until IS NULL OR d.leased_until < now())
           AND NOT (d.subscription_id = ANY($1::uuid[]))
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.subscription_id = d.subscription_id AND e.stream_id = d.stream_id AND e.status = 'pending' AND e.sequence < d.sequence)
         ORDER BY d.next_attempt_at, d.sequence LIMIT ${CANDIDATES_PER_CLAIM}
         FOR UPDATE OF d SKIP LOCKED),
       chosen AS (
         SELECT delivery_id FROM (SELECT delivery_id, next_attempt_at, sequence, row_number() OVER (PARTITION BY subscription_id ORDER BY next_attempt_at, sequence) AS rank FROM candidates) ranked
         WHERE rank <= $2 ORDER BY next_attempt_at, sequence LIMIT $3)
       UPDATE webhook_deliveries d SET leased_until = now() + $4 * interval '1 millisecond', attempts = d.attempts + 1, first_attempt_at = coalesce(d.first_attempt_at, now())
       FROM chosen c, webhook_subscriptions s
       WHERE d.delivery_id = c.delivery_id AND s.subscription_id = d.subscription_id
       RETURNING d.delivery_id, d.subscription_id, d.body, d.attempts, d.first_attempt_at, s.url, s.secret, s.previous_secret, s.previous_secret_until`,
      [busy, this.settings.concurrencyPerSubscription, limit, this.settings.deliveryTimeoutMs + LEASE_MARGIN_MS],
    );
    return rows;
  }

  private start(delivery: ClaimedDelivery): void {
    this.inFlight.set(delivery.subscription_id, (this.inFlight.get(delivery.subscription_id) ?? 0) + 1);
    const run = this.deliver(delivery)
      .catch((error: unknown) => this.logger.warn(`delivery ${delivery.delivery_id} could not be recorded (sent again after its lease): ${describeError(error)}`))
      .finally(() => {
        const left = (this.inFlight.get(delivery.subscription_id) ?? 1) - 1;
        if (left > 0) this.inFlight.set(delivery.subscription_id, left);
        else this.inFlight.delete(delivery.subscription_id);
        this.running.delete(run);
        this.wakeSoon();
      });
    this.running.add(run);
  }

  private secretsOf(delivery: ClaimedDelivery, now: Date): string[] {
    const { secretKey } = this.settings;
    const current = openSecret(delivery.secret, delivery.subscription_id, secretKey);
    const overlapping = delivery.previous_secret !== null && delivery.previous_secret_until !== null && delivery.previous_secret_until.getTime() > now.getTime();
    const previous = overlapping ? openSecret(delivery.previous_secret as string, delivery.subscription_id, secretKey) : undefined;
    return [current, previous].filter((secret): secret is string => secret !== undefined && isSecret(secret));
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const now = new Date();
    const headers = signedHeaders(this.secretsOf(delivery, now), delivery.delivery_id, Math.floor(now.getTime() / 1000), delivery.body);
    const answer = await postPinned(new URL(delivery.url), headers, delivery.body, { allowLoopback: this.settings.allowLoopback }, this.settings.deliveryTimeoutMs);
    await this.record(delivery, answer);
  }

  /** The outcome, and what it does to the subscription (a success resets its failures; a delivery failed for good counts towards disabling it). */
  private async record(delivery: ClaimedDelivery, answer: DeliveryAnswer): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const parameters = [delivery.delivery_id, answer.statusCode, answer.ok ? null : answer.error];
      if (answer.ok) {
        await manager.query(`UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), last_status_code = $2, last_error = $3, leased_until = NULL WHERE delivery_id = $1 AND status = 'pending'`, parameters);
        await this.recordOnSubscription(manager, delivery.subscription_id, { type: 'RecordDeliverySucceeded' }, now);
        return;
      }
      const decision = nextAttempt(this.settings.retryPolicy, delivery.attempts, delivery.first_attempt_at, now, Math.random());
      if (decision.retry) {
        await manager.query(`UPDATE webhook_deliveries SET next_attempt_at = $4, last_status_code = $2, last_error = $3, leased_until = NULL WHERE delivery_id = $1 AND status = 'pending'`, [...parameters, decision.at]);
        return;
      }
      await manager.query(`UPDATE webhook_deliveries SET status = 'failed', last_status_code = $2, last_error = $3, leased_until = NULL WHERE delivery_id = $1 AND status = 'pending'`, parameters);
      await this.recordOnSubscription(manager, delivery.subscription_id, { type: 'RecordDeliveryFailed', disableAfter: this.settings.disableAfterFailedDeliveries }, now);
    });
  }

  private async recordOnSubscription(manager: EntityManager, subscriptionId: string, command: { type: 'RecordDeliverySucceeded' } | { type: 'RecordDeliveryFailed'; disableAfter: number }, now: Date): Promise<void> {
    if (command.type === 'RecordDeliverySucceeded') {
      // The common case writes nothing: only a subscription with failures in a row changes.
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM webhook_subscriptions WHERE subscription_id = $1 AND failures_in_row > 0`, [subscriptionId]);
      if (count === 0) return;
    }
    const row = await loadSubscriptionForUpdate(manager, subscriptionId);
    if (!row) return;
    const next = decideSubscription(subscriptionOf(row), command, { endpoint: { allowLoopback: this.settings.allowLoopback } });
    if (isRejection(next)) return;
    await updateSubscription(manager, next, now);
    if (next.status === 'disabled' && row.status === 'active') this.logger.warn(`subscription ${subscriptionId} disabled after ${next.failuresInRow} failed deliveries in a row`);
  }
}
