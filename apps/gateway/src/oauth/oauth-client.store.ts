import { Inject, Injectable } from '@nestjs/common';
import { generateClientSecret, hashClientSecret, spendVerificationTime, verifyClientSecret } from '@palembang/auth';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { updatedRows } from './updated-rows';

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

/** OAuth clients with their scrypt-hashed secrets; a secret is returned once, when it is made. */
@Injectable()
export class OAuthClientStore {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async create(client: NewClient): Promise<{ client: OAuthClient; secret: string } | undefined> {
    const secret = client.secret ?? generateClientSecret();
    const clientId = client.clientId ?? `${client.agencyId}-${randomBytes(6).toString('hex')}`;
    const rows: ClientRow[] = await this.dataSource.query(
      `INSERT INTO oauth_clients (client_id, name, agency_id, scopes, secret_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (client_id) DO NOTHING RETURNING ${PUBLIC_COLUMNS}`,
      [clientId, client.name, client.agencyId, client.scopes, await hashClientSecret(secret)],
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

  /** A page in client id order, of one agency or of all. */
  async list(options: { agencyId?: string; after?: string; limit: number }): Promise<OAuthClient[]> {
    const rows: ClientRow[] = await this.dataSource.query(
      `SELECT ${PUBLIC_COLUMNS} FROM oauth_clients
       WHERE ($1::text IS NULL OR agency_id = $1) AND ($2::text IS NULL OR client_id > $2)
       ORDER BY client_id LIMIT $3`,
      [options.agencyId ?? null, options.after ?? null, options.limit],
    );
    return rows.map(toClient);
  }

  /** A new secret replaces the old one at once; undefined when the client is unknown or revoked. */
  async rotateSecret(clientId: string): Promise<{ client: OAuthClient; secret: string } | undefined> {
    const secret = generateClientSecret();
    const rows = updatedRows<ClientRow>(
      await this.dataSource.query(
        `UPDATE oauth_clients SET secret_hash = $2, rotated_at = now() WHERE client_id = $1 AND revoked_at IS NULL RETURNING ${PUBLIC_COLUMNS}`,
        [clientId, await hashClientSecret(secret)],
      ),
    );
    return rows[0] ? { client: toClient(rows[0]), secret } : undefined;
  }

  /** Revoking twice keeps the first revocation time. */
  async revoke(clientId: string): Promise<OAuthClient | undefined> {
    const rows = updatedRows<ClientRow>(
      await this.dataSource.query(
        `UPDATE oauth_clients SET revoked_at = coalesce(revoked_at, now()) WHERE client_id = $1 RETURNING ${PUBLIC_COLUMNS}`,
        [clientId],
      ),
    );
    return rows[0] ? toClient(rows[0]) : undefined;
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
