import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdminActor, managedBy } from '../oauth/oauth-client.store';
import { updatedRows } from '../oauth/updated-rows';
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
   * statement, so a concurrent grant cannot slip in); the secret is returned
   * this once. Undefined when the client is unknown, revoked or no longer managed by the actor.
   */
  async issue(clientId: string, api: CredentialApi, actor: AdminActor): Promise<{ credential: ApiCredential; secret: string } | undefined> {
    const secret = generateApiSecret();
    const managed = managedBy(actor, 5);
    const rows: CredentialRow[] = await this.dataSource.query(
      `INSERT INTO api_credentials (credential_id, client_id, api, secret_hash)
       SELECT $1, client_id, $3, $4 FROM oauth_clients WHERE client_id = $2 AND revoked_at IS NULL AND ${managed.condition}
       RETURNING ${COLUMNS}`,
      [`${api}_${randomBytes(8).toString('hex')}`, clientId, api, hashApiSecret(secret), ...managed.parameters],
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

  /** Revoking twice keeps the first revocation time; undefined when the client holds no such credential. */
  async revoke(clientId: string, api: CredentialApi, credentialId: string): Promise<ApiCredential | undefined> {
    const rows = updatedRows<CredentialRow>(
      await this.dataSource.query(
        `UPDATE api_credentials SET revoked_at = coalesce(revoked_at, now())
         WHERE credential_id = $1 AND client_id = $2 AND api = $3 RETURNING ${COLUMNS}`,
        [credentialId, clientId, api],
      ),
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
