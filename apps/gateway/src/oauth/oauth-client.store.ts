import { Inject, Injectable } from '@nestjs/common';
import { ALL_AGENCIES_SCOPE, AuthPrincipal, ClientRevocation, generateClientSecret, hasScope, hashClientSecret, spendVerificationTime, verifyClientSecret } from '@palembang/auth';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A client as the admin API shows it: never its secret or hash. */
export interface OAuthClient {
  clientId: string;
  name: string;
  agencyId: string;
  scopes: string[];
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
}

export interface NewClient {
  name: string;
  agencyId: string;
  scopes: string[];
  /** Given for the bootstrap admin; otherwise generated. */
  clientId?: string;
  secret?: string;
}

/**
 * Who makes an admin change, recorded in gateway_admin_audit with it (the
 * gateway itself at start-up). A change to an existing client applies only
 * while the client still holds no scope the actor lacks and is of its agency
 * (any agency with agencies:all), checked in the same statement, so a
 * concurrent grant cannot slip between check and change.
 */
export type AdminActor = AuthPrincipal;

/** The SQL condition and its two parameters ($n, $n+1) limiting a change to clients the actor may manage. */
export function managedBy(actor: AdminActor, n: number): { condition: string; parameters: [readonly string[], string | null] } {
  return {
    condition: `scopes <@ $${n}::text[] AND ($${n + 1}::text IS NULL OR agency_id = $${n + 1})`,
    parameters: [actor.scopes, hasScope(actor, ALL_AGENCIES_SCOPE) ? null : actor.agencyId],
  };
}

/**
 * Revocations are published this long after the change: longer than any
 * token lives (MAX_TOKEN_LIFETIME_SECONDS plus clock tolerance), so every
 * token they concern has expired before they leave the list.
 */
const REVOCATION_LISTED_FOR = '1 day';

type ClientRow = {
  client_id: string;
  name: string;
  agency_id: string;
  scopes: string[];
  secret_hash: string;
  created_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
};

const PUBLIC_COLUMNS = 'client_id, name, agency_id, scopes, created_at, rotated_at, revoked_at';
/** The start of every insert into gateway_admin_audit, made in the same statement as the change it records. */
export const AUDIT_INSERT = 'INSERT INTO gateway_admin_audit (actor_client_id, actor_agency_id, action, target, detail)';

/** OAuth clients with their scrypt-hashed secrets; a secret is returned once, when it is made. */
@Injectable()
export class OAuthClientStore {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async create(client: NewClient, actor: AdminActor): Promise<{ client: OAuthClient; secret: string } | undefined> {
    const secret = client.secret ?? generateClientSecret();
    const clientId = client.clientId ?? `${client.agencyId}-${randomBytes(6).toString('hex')}`;
    const rows: ClientRow[] = await this.dataSource.query(
      `WITH created AS (
         INSERT INTO oauth_clients (client_id, name, agency_id, scopes, secret_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (client_id) DO NOTHING RETURNING ${PUBLIC_COLUMNS}
       ), audit AS (${AUDIT_INSERT} SELECT $6, $7, 'client.created', client_id, jsonb_build_object('agencyId', agency_id, 'scopes', scopes) FROM created)
       SELECT * FROM created`,
      [clientId, client.name, client.agencyId, client.scopes, await hashClientSecret(secret), actor.clientId, actor.agencyId],
    );
    return rows[0] ? { client: toClient(rows[0]), secret } : undefined;
  }

  /** The client when the secret is its current one and it is not revoked; timing does not tell which check failed. */
  async authenticate(clientId: string, secret: string): Promise<OAuthClient | undefined> {
    const [row]: ClientRow[] = await this.dataSource.query(`SELECT * FROM oauth_clients WHERE client_id = $1`, [clientId]);
    if (!row) {
      await spendVerificationTime(secret);
      return undefined;
    }
    const valid = await verifyClientSecret(secret, row.secret_hash);
    return valid && row.revoked_at === null ? toClient(row) : undefined;
  }

  async find(clientId: string): Promise<OAuthClient | undefined> {
    const [row]: ClientRow[] = await this.dataSource.query(`SELECT ${PUBLIC_COLUMNS} FROM oauth_clients WHERE client_id = $1`, [clientId]);
    return row ? toClient(row) : undefined;
  }

  /** A page in client id order of the clients the actor may manage. */
  async list(actor: AdminActor, options: { after?: string; limit: number }): Promise<OAuthClient[]> {
    const guard = managedBy(actor, 3);
    const rows: ClientRow[] = await this.dataSource.query(
      `SELECT ${PUBLIC_COLUMNS} FROM oauth_clients
       WHERE ${guard.condition} AND ($1::text IS NULL OR client_id > $1)
       ORDER BY client_id LIMIT $2`,
      [options.after ?? null, options.limit, ...guard.parameters],
    );
    return rows.map(toClient);
  }

  /**
   * A new secret replaces the old one at once, and tokens issued before it
   * stop being honoured (the secret may have leaked); undefined when the
   * client is unknown or revoked.
   */
  async rotateSecret(clientId: string, actor: AdminActor): Promise<{ client: OAuthClient; secret: string } | undefined> {
    const secret = generateClientSecret();
    const guard = managedBy(actor, 5);
    const rows: ClientRow[] = await this.dataSource.query(
      `WITH rotated AS (
         UPDATE oauth_clients SET secret_hash = $2, rotated_at = now(), tokens_valid_from = now()
         WHERE client_id = $1 AND revoked_at IS NULL AND ${guard.condition} RETURNING ${PUBLIC_COLUMNS}
       ), audit AS (${AUDIT_INSERT} SELECT $3, $4, 'client.secret_rotated', client_id, '{}'::jsonb FROM rotated)
       SELECT * FROM rotated`,
      [clientId, await hashClientSecret(secret), actor.clientId, actor.agencyId, ...guard.parameters],
    );
    return rows[0] ? { client: toClient(rows[0]), secret } : undefined;
  }

  /** Revoking twice keeps the first revocation time (and records only the first). */
  async revoke(clientId: string, actor: AdminActor): Promise<OAuthClient | undefined> {
    const guard = managedBy(actor, 4);
    const rows: ClientRow[] = await this.dataSource.query(
      `WITH revoked AS (
         UPDATE oauth_clients SET revoked_at = coalesce(revoked_at, now()) WHERE client_id = $1 AND ${guard.condition}
         RETURNING ${PUBLIC_COLUMNS}, revoked_at = now() AS newly
       ), audit AS (${AUDIT_INSERT} SELECT $2, $3, 'client.revoked', client_id, '{}'::jsonb FROM revoked WHERE newly)
       SELECT * FROM revoked`,
      [clientId, actor.clientId, actor.agencyId, ...guard.parameters],
    );
    return rows[0] ? toClient(rows[0]) : undefined;
  }

  /**
   * Replaces the client's scopes; tokens issued before stop being honoured
   * (they may carry scopes taken away). Undefined when unknown or revoked.
   */
  async changeScopes(clientId: string, scopes: readonly string[], actor: AdminActor): Promise<OAuthClient | undefined> {
    const guard = managedBy(actor, 5);
    const rows: ClientRow[] = await this.dataSource.query(
      `WITH before AS (SELECT client_id, scopes FROM oauth_clients WHERE client_id = $1 AND revoked_at IS NULL AND ${guard.condition} FOR UPDATE),
       changed AS (
         UPDATE oauth_clients c SET scopes = $2, tokens_valid_from = now() FROM before WHERE c.client_id = before.client_id
         RETURNING c.client_id, c.name, c.agency_id, c.scopes, c.created_at, c.rotated_at, c.revoked_at, before.scopes AS scopes_before
       ), audit AS (${AUDIT_INSERT} SELECT $3, $4, 'client.scopes_changed', client_id, jsonb_build_object('from', scopes_before, 'to', scopes) FROM changed)
       SELECT * FROM changed`,
      [clientId, scopes, actor.clientId, actor.agencyId, ...guard.parameters],
    );
    return rows[0] ? toClient(rows[0]) : undefined;
  }

  /**
   * Clients whose earlier tokens are no longer honoured: revoked ones (all
   * their tokens), and ones whose secret or scopes changed (tokens issued
   * before). Only changes of the last day: older tokens have expired anyway.
   */
  async revocations(): Promise<ClientRevocation[]> {
    const rows: Array<{ client_id: string; revoked: boolean; valid_from: string }> = await this.dataSource.query(
      `SELECT client_id, revoked_at IS NOT NULL AS revoked,
              floor(extract(epoch FROM greatest(revoked_at, tokens_valid_from)))::bigint AS valid_from
       FROM oauth_clients
       WHERE revoked_at > now() - interval '${REVOCATION_LISTED_FOR}' OR tokens_valid_from > now() - interval '${REVOCATION_LISTED_FOR}'
       ORDER BY client_id`,
    );
    return rows.map((row) => ({ clientId: row.client_id, revoked: row.revoked, tokensIssuedBefore: Number(row.valid_from) }));
  }

  async hasActiveAdmin(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM oauth_clients WHERE 'admin' = ANY(scopes) AND revoked_at IS NULL LIMIT 1`);
    return rows.length > 0;
  }
}

function toClient(row: ClientRow): OAuthClient {
  return {
    clientId: row.client_id,
    name: row.name,
    agencyId: row.agency_id,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
    rotatedAt: row.rotated_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
