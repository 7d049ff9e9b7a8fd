import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { openPrivateKey, sealPrivateKey } from '@palembang/auth';
import { ConcurrencyError, isRejection, reject, Rejection } from '@palembang/events/core';
import { KeysetPosition, Page, pageOf, rejectionProblem } from '@palembang/http';
import { Actor, ALL_AGENCIES_SCOPE, decideSubscription, generateSecret, mayManage, Subscription, SubscriptionChange, SubscriptionCommand, subscriptionNotFound, SubscriptionRules } from '@palembang/webhooks-domain';
import { DataSource, EntityManager } from 'typeorm';
import { WEBHOOKS_SETTINGS, WebhooksSettings } from '../webhooks-config';
import type { WebhookDeliveryDto, WebhookSecretDto, WebhookSubscriptionDto } from './http/subscription.dto';
import { insertSubscription, loadSubscriptionForUpdate, SubscriptionRow, subscriptionOf, updateSubscription } from './subscription-rows';

export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

type DeliveryRow = Readonly<{
  delivery_id: string;
  event_id: string;
  event_type: string;
  stream_id: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}>;

/** Seals a signing secret at rest, bound to its subscription (the gateway's key encryption, shared). */
export function sealSecret(secret: string, subscriptionId: string, key: Buffer | undefined): string {
  return key ? sealPrivateKey(secret, subscriptionId, key) : secret;
}

export function openSecret(stored: string, subscriptionId: string, key: Buffer | undefined): string {
  return openPrivateKey(stored, subscriptionId, key);
}

function dtoOf(row: SubscriptionRow): WebhookSubscriptionDto {
  return {
    subscriptionId: row.subscription_id,
    agencyId: row.agency_id,
    allAgencies: row.all_agencies,
    url: row.url,
    eventTypes: row.event_types,
    description: row.description,
    status: row.status === 'disabled' ? 'disabled' : 'active',
    disabledReason: row.status === 'disabled' ? row.disabled_reason : null,
    failuresInRow: row.failures_in_row,
    previousSecretUntil: row.previous_secret_until?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

function deliveryDtoOf(row: DeliveryRow): WebhookDeliveryDto {
  return {
    deliveryId: row.delivery_id,
    eventId: row.event_id,
    eventType: row.event_type,
    streamId: row.stream_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
  };
}

function orThrow(result: Subscription | Rejection): Subscription {
  if (isRejection(result)) throw rejectionProblem(result);
  return result;
}

/**
 * Runs the subscription commands: load the row FOR UPDATE, check If-Match, decide, write, in
 * the request's transaction (so an Idempotency-Key's answer commits with the change).
 */
@Injectable()
export class SubscriptionsService {
  private readonly rules: SubscriptionRules;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WEBHOOKS_SETTINGS) private readonly settings: WebhooksSettings,
  ) {
    this.rules = { endpoint: { allowLoopback: settings.allowLoopback } };
  }

  async create(actor: Actor, request: { url: string; eventTypes: readonly string[]; description?: string }, now: Date): Promise<WebhookSubscriptionDto> {
    const subscriptionId = randomUUID();
    const state = orThrow(decideSubscription(undefined, { type: 'CreateSubscription', subscriptionId, actor, ...request }, this.rules));
    return this.dataSource.transaction(async (manager) => dtoOf(await insertSubscription(manager, state, sealSecret(generateSecret(), subscriptionId, this.settings.secretKey), now)));
  }

  async get(actor: Actor, subscriptionId: string): Promise<WebhookSubscriptionDto> {
    return dtoOf(await this.readable(this.dataSource.manager, actor, subscriptionId));
  }

  async list(actor: Actor, after: KeysetPosition | null, limit: number): Promise<Page<WebhookSubscriptionDto>> {
    const all = actor.scopes.includes(ALL_AGENCIES_SCOPE);
    const rows: SubscriptionRow[] = await this.dataSource.query(
      `SELECT * FROM webhook_subscriptions WHERE status <> 'deleted' AND ($1::boolean OR agency_id = $2)
         AND ($3::timestamptz IS NULL OR (created_at, subscription_id) < ($3::timestamptz, $4::uuid))
       ORDER BY created_at DESC, subscription_id DESC LIMIT $5`,
      [all, actor.agencyId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    return pageOf(rows, limit, dtoOf, (row) => ({ at: row.created_at.toISOString(), id: row.subscription_id }));
  }

  update(actor: Actor, subscriptionId: string, change: SubscriptionChange, expectedVersion: number | undefined, now: Date): Promise<WebhookSubscriptionDto> {
    return this.change(subscriptionId, expectedVersion, now, { type: 'UpdateSubscription', actor, change });
  }

  async delete(actor: Actor, subscriptionId: string, expectedVersion: number | undefined, now: Date): Promise<void> {
    await this.change(subscriptionId, expectedVersion, now, { type: 'DeleteSubscription', actor });
  }

  /** A new secret signs from now on; the one it replaces signs too until the overlap ends. */
  async rotateSecret(actor: Actor, subscriptionId: string, overlapSeconds: number, expectedVersion: number | undefined, now: Date): Promise<WebhookSubscriptionDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.writable(manager, actor, subscriptionId, expectedVersion);
      const state = orThrow(decideSubscription(subscriptionOf(row), { type: 'RotateSecret', actor, now, overlapSeconds }, this.rules));
      return dtoOf(await updateSubscription(manager, state, now, { secret: sealSecret(generateSecret(), subscriptionId, this.settings.secretKey), previous: row.secret }));
    });
  }

  async secret(actor: Actor, subscriptionId: string): Promise<WebhookSecretDto> {
    const row = await this.readable(this.dataSource.manager, actor, subscriptionId);
    return { secret: openSecret(row.secret, row.subscription_id, this.settings.secretKey), previousSecretUntil: row.previous_secret_until?.toISOString() ?? null };
  }

  async deliveries(actor: Actor, subscriptionId: string, status: DeliveryRow['status'] | undefined, after: KeysetPosition | null, limit: number): Promise<Page<WebhookDeliveryDto>> {
    await this.readable(this.dataSource.manager, actor, subscriptionId);
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT delivery_id, event_id, event_type, stream_id, status, attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at
       FROM webhook_deliveries WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2)
         AND ($3::timestamptz IS NULL OR (created_at, delivery_id) < ($3::timestamptz, $4::uuid))
       ORDER BY created_at DESC, delivery_id DESC LIMIT $5`,
      [subscriptionId, status ?? null, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    return pageOf(rows, limit, deliveryDtoOf, (row) => ({ at: row.created_at.toISOString(), id: row.delivery_id }));
  }

  /** Sends a delivery again (delivered or failed): it becomes due now, with a fresh 24 hours of retries. */
  async redeliver(actor: Actor, subscriptionId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.readable(manager, actor, subscriptionId);
      const [rows]: [DeliveryRow[]] = await manager.query(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, first_attempt_at = NULL, next_attempt_at = now(), leased_until = NULL
         WHERE subscription_id = $1 AND delivery_id = $2
         RETURNING delivery_id, event_id, event_type, stream_id, status, attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at`,
        [subscriptionId, deliveryId],
      );
      if (!rows?.[0]) throw rejectionProblem(reject('WEBHOOK_DELIVERY.NOT_FOUND', 'No such delivery of this subscription.'));
      return deliveryDtoOf(rows[0]);
    });
  }

  private async change(subscriptionId: string, expectedVersion: number | undefined, now: Date, command: SubscriptionCommand & { actor: Actor }): Promise<WebhookSubscriptionDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.writable(manager, command.actor, subscriptionId, expectedVersion);
      return dtoOf(await updateSubscription(manager, orThrow(decideSubscription(subscriptionOf(row), command, this.rules)), now));
    });
  }

  private async readable(manager: EntityManager, actor: Actor, subscriptionId: string): Promise<SubscriptionRow> {
    const [row]: SubscriptionRow[] = await manager.query(`SELECT * FROM webhook_subscriptions WHERE subscription_id = $1`, [subscriptionId]);
    if (!row || !mayManage(actor, subscriptionOf(row))) throw rejectionProblem(subscriptionNotFound());
    return row;
  }

  private async writable(manager: EntityManager, actor: Actor, subscriptionId: string, expectedVersion: number | undefined): Promise<SubscriptionRow> {
    const row = await loadSubscriptionForUpdate(manager, subscriptionId);
    if (!row || !mayManage(actor, subscriptionOf(row))) throw rejectionProblem(subscriptionNotFound());
    if (expectedVersion !== undefined && expectedVersion !== row.version) throw new ConcurrencyError(`webhook-subscription-${subscriptionId}`, expectedVersion, row.version);
    return row;
  }
}
