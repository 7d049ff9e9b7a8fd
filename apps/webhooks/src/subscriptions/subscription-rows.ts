import { Subscription } from '@palembang/webhooks-domain';
import { EntityManager } from 'typeorm';

/** A subscription row: its state, its sealed secrets and times. */
export type SubscriptionRow = Readonly<{
  subscription_id: string;
  agency_id: string;
  all_agencies: boolean;
  created_by: string;
  url: string;
  event_types: string[];
  description: string;
  status: Subscription['status'];
  disabled_reason: 'by-client' | 'failing' | null;
  failures_in_row: number;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}>;

export function subscriptionOf(row: SubscriptionRow): Subscription {
  const fields = {
    subscriptionId: row.subscription_id,
    agencyId: row.agency_id,
    allAgencies: row.all_agencies,
    createdBy: row.created_by,
    url: row.url,
    eventTypes: row.event_types,
    description: row.description,
    failuresInRow: row.failures_in_row,
    previousSecretUntil: row.previous_secret_until?.toISOString() ?? null,
    version: row.version,
  };
  if (row.status === 'disabled') return { ...fields, status: 'disabled', disabledReason: row.disabled_reason ?? 'by-client' };
  return { ...fields, status: row.status };
}

export async function loadSubscriptionForUpdate(manager: EntityManager, subscriptionId: string): Promise<SubscriptionRow | undefined> {
  const [row]: SubscriptionRow[] = await manager.query(`SELECT * FROM webhook_subscriptions WHERE subscription_id = $1 FOR UPDATE`, [subscriptionId]);
  return row;
}

export async function insertSubscription(manager: EntityManager, state: Subscription, secret: string, now: Date): Promise<SubscriptionRow> {
  const [row]: SubscriptionRow[] = await manager.query(
    `INSERT INTO webhook_subscriptions (subscription_id, agency_id, all_agencies, created_by, url, event_types, description, status, failures_in_row, secret, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $11, $11) RETURNING *`,
    [state.subscriptionId, state.agencyId, state.allAgencies, state.createdBy, state.url, state.eventTypes, state.description, state.status, secret, state.version, now],
  );
  return row;
}

/** Writes the decided state; `secrets` only when a rotation changed them. */
export async function updateSubscription(manager: EntityManager, state: Subscription, now: Date, secrets?: { secret: string; previous: string }): Promise<SubscriptionRow> {
  // An UPDATE answers [rows, count].
  const [[row]]: [SubscriptionRow[], number] = await manager.query(
    `UPDATE webhook_subscriptions SET url = $2, event_types = $3, description = $4, status = $5, disabled_reason = $6, failures_in_row = $7,
       previous_secret_until = $8, version = $9, updated_at = $10, secret = coalesce($11, secret), previous_secret = coalesce($12, previous_secret)
     WHERE subscription_id = $1 RETURNING *`,
    [state.subscriptionId, state.url, state.eventTypes, state.description, state.status, state.status === 'disabled' ? state.disabledReason : null, state.failuresInRow, state.previousSecretUntil, state.version, now, secrets?.secret ?? null, secrets?.previous ?? null],
  );
  return row;
}
