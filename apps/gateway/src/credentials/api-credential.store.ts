import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdminActor, AUDIT_INSERT, managedBy } from '../oauth/oauth-client.store';
import { apiSecretMatches, generateApiSecret, hashApiSecret } from './api-secret';

/** The APIs that take a credential of their own instead of a bearer token. */
export type CredentialApi = 'open311' | 'xapi';

/**
 * The scopes a credential of each API can carry: of its client's scopes, only
 * these. An Open311 key files complaints and does nothing else; an xAPI
 * credential reads and writes statements (across agencies only for a client
 * holding agencies:all).
 */
export const API_SCOPES: Record<CredentialApi, readonly string[]> = {
  open311: ['complaints:write'],
  xapi: ['training:read', 'training:write', 'agencies:all'],
};

/** A credential as the admin API shows it: never its secret or hash. */
export interface ApiCredential {
  credentialId: string;
  clientId: string;
  api: CredentialApi;
  createdAt: string;
  revokedAt: string | null;
}

/** Who a good credential speaks for: its client, with the client's scopes narrowed to the API's. */
export interface CredentialHolder {
  clientId: string;
  agencyId: string;
  scopes: string[];
}

type CredentialRow = { credential_id: string; client_id: string; api: CredentialApi; created_at: Date; revoked_at: Date | null };

const COLUMNS = 'credential_id, client_id, api, created_at, revoked_at';

/** Credentials id `open311_…` / `xapi_…`: never a valid OAuth client id of an agency (agency ids hold no underscore). */
export const CREDENTIAL_ID = /^(open311|xapi)_[a-f0-9]{16}$/;

@Injectable()
export class ApiCredentialStore {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * A new credential of an active client the actor manages (checked in the same
   * statement, so a concurrent grant cannot slip in), recorded in
   * gateway_admin_audit by the same statement; the secret is returned this
   * once. Undefined when the client is unknown, revoked or no longer managed by the actor.
   */
  async issue(clientId: string, api: CredentialApi, actor: AdminActor): Promise<{ credential: ApiCredential; secret: string } | undefined> {
    const secret = generateApiSecret();
    const managed = managedBy(actor, 7);
    const rows: CredentialRow[] = await this.dataSource.query(
      `WITH issued AS (
         INSERT INTO api_credentials (credential_id, client_id, api, secret_hash)
         SELECT $1, client_id, $3, $4 FROM oauth_clients WHERE client_id = $2 AND revoked_at IS NULL AND ${managed.condition}
         RETURNING ${COLUMNS}
       ), audit AS (${AUDIT_INSERT} SELECT $5, $6, 'api_credential.issued', client_id, jsonb_build_object('credentialId', credential_id, 'api', api) FROM issued)
       SELECT * FROM issued`,
      [`${api}_${randomBytes(8).toString('hex')}`, clientId, api, hashApiSecret(secret), actor.clientId, actor.agencyId, ...managed.parameters],
    );
    return rows[0] ? { credential: toCredential(rows[0]), secret } : undefined;
  }

  async list(clientId: string, api: CredentialApi): Promise<ApiCredential[]> {
    const rows: CredentialRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_credentials WHERE client_id = $1 AND api = $2 ORDER BY created_at, credential_id LIMIT 1000`,
      [clientId, api],
    );
    return rows.map(toCredential);
  }

  /**
   * Revokes a credential of a client the actor still manages (checked in the
   * same statement, like issue), recorded in gateway_admin_audit the first
   * time. Revoking twice keeps the first revocation time; undefined when the
   * client holds no such credential or is no longer managed by the actor.
   */
  async revoke(clientId: string, api: CredentialApi, credentialId: string, actor: AdminActor): Promise<ApiCredential | undefined> {
    const managed = managedBy(actor, 6);
    const rows: CredentialRow[] = await this.dataSource.query(
      `WITH revoked AS (
         UPDATE api_credentials SET revoked_at = coalesce(revoked_at, now())
         WHERE credential_id = $1 AND client_id = $2 AND api = $3
           AND client_id IN (SELECT client_id FROM oauth_clients WHERE client_id = $2 AND ${managed.condition})
         RETURNING ${COLUMNS}, revoked_at = now() AS newly
       ), audit AS (${AUDIT_INSERT} SELECT $4, $5, 'api_credential.revoked', client_id, jsonb_build_object('credentialId', credential_id, 'api', api) FROM revoked WHERE newly)
       SELECT ${COLUMNS} FROM revoked`,
      [credentialId, clientId, api, actor.clientId, actor.agencyId, ...managed.parameters],
    );
    return rows[0] ? toCredential(rows[0]) : undefined;
  }

  /** The holder when the secret is right and neither the credential, for this API, nor its client is revoked. */
  async authenticate(api: CredentialApi, credentialId: string, secret: string): Promise<CredentialHolder | undefined> {
    if (!CREDENTIAL_ID.test(credentialId)) return undefined;
    const [row]: Array<{ secret_hash: string; client_id: string; agency_id: string; scopes: string[] }> = await this.dataSource.query(
      `SELECT k.secret_hash, c.client_id, c.agency_id, c.scopes FROM api_credentials k JOIN oauth_clients c USING (client_id)
       WHERE k.credential_id = $1 AND k.api = $2 AND k.revoked_at IS NULL AND c.revoked_at IS NULL`,
      [credentialId, api],
    );
    if (!row || !apiSecretMatches(secret, row.secret_hash)) return undefined;
    return { clientId: row.client_id, agencyId: row.agency_id, scopes: row.scopes.filter((scope) => API_SCOPES[api].includes(scope)) };
  }
}

function toCredential(row: CredentialRow): ApiCredential {
  return {
    credentialId: row.credential_id,
    clientId: row.client_id,
    api: row.api,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
