import { randomBytes } from 'node:crypto';
import { accessToken } from '@palembang/platform/testing';
import { Client } from 'pg';
import { startGateway } from '../testing/start-gateway';

const ADMIN = { clientId: 'bootstrap-admin', clientSecret: 'key-encryption-admin-secret-01' };
/** Both runs issue as the same gateway, whatever port each gets. */
const ISSUER = 'https://api.palembang.example';

/** With GATEWAY_KEY_ENCRYPTION_KEY, a copy of the gateway's database alone holds no usable private key. */
describe('signing keys encrypted at rest (gateway process, real PostgreSQL)', () => {
  it('stores no private key in the clear, signs and verifies with it, and opens it again after a restart', async () => {
    const keyEncryptionKey = randomBytes(32).toString('base64');
    const first = await startGateway({ GATEWAY_ISSUER: ISSUER, GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret, GATEWAY_KEY_ENCRYPTION_KEY: keyEncryptionKey });
    const token = await accessToken(first.baseUrl, ADMIN);
    const db = new Client({ connectionString: first.databaseUrl });
    await db.connect();
    try {
      const rows: Array<{ kid: string; private_key_pem: string }> = (await db.query('SELECT kid, private_key_pem FROM signing_keys')).rows;
      expect(rows).toHaveLength(1);
      expect(rows[0].private_key_pem).toMatch(/^aes256gcm:v1:/);
      expect(rows[0].private_key_pem).not.toContain('PRIVATE KEY');
      expect((await fetch(`${first.baseUrl}/v1/admin/clients`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect(await first.terminate()).toBe(0);

      const second = await startGateway({ GATEWAY_ISSUER: ISSUER, DATABASE_URL: first.databaseUrl, GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret, GATEWAY_KEY_ENCRYPTION_KEY: keyEncryptionKey });
      expect((await fetch(`${second.baseUrl}/v1/admin/clients`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const header = JSON.parse(Buffer.from((await accessToken(second.baseUrl, ADMIN)).split('.')[0], 'base64url').toString()) as { kid: string };
      expect(header.kid).toBe(rows[0].kid);
      expect(await second.terminate()).toBe(0);

      // Without the key-encryption key the gateway cannot sign: it refuses to start rather than mint with a new key.
      const third = startGateway({ DATABASE_URL: first.databaseUrl, GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret });
      await expect(third).rejects.toThrow('no key-encryption key is configured');
    } finally {
      await db.end();
    }
  }, 120_000);

  it('encrypts keys stored in the clear (from before the key-encryption key was set) at the next start, and keeps signing with them', async () => {
    const plain = await startGateway({ GATEWAY_ISSUER: ISSUER, GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret });
    const token = await accessToken(plain.baseUrl, ADMIN);
    expect(await plain.terminate()).toBe(0);
    const db = new Client({ connectionString: plain.databaseUrl });
    await db.connect();
    try {
      const before: Array<{ kid: string; private_key_pem: string }> = (await db.query('SELECT kid, private_key_pem FROM signing_keys')).rows;
      expect(before).toEqual([{ kid: expect.any(String), private_key_pem: expect.stringContaining('PRIVATE KEY') }]);

      const keyEncryptionKey = randomBytes(32).toString('base64');
      const sealed = await startGateway({ GATEWAY_ISSUER: ISSUER, DATABASE_URL: plain.databaseUrl, GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret, GATEWAY_KEY_ENCRYPTION_KEY: keyEncryptionKey });
      const after: Array<{ kid: string; private_key_pem: string }> = (await db.query('SELECT kid, private_key_pem FROM signing_keys')).rows;
      expect(after).toEqual([{ kid: before[0].kid, private_key_pem: expect.stringMatching(/^aes256gcm:v1:/) }]);
      expect(after[0].private_key_pem).not.toContain('PRIVATE KEY');
      expect((await fetch(`${sealed.baseUrl}/v1/admin/clients`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const header = JSON.parse(Buffer.from((await accessToken(sealed.baseUrl, ADMIN)).split('.')[0], 'base64url').toString()) as { kid: string };
      expect(header.kid).toBe(before[0].kid);
      expect(await sealed.terminate()).toBe(0);
    } finally {
      await db.end();
    }
  }, 120_000);

  it('refuses to start in production without a key-encryption key (exit 78, naming it)', async () => {
    const started = startGateway({ NODE_ENV: 'production', GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret });
    await expect(started).rejects.toThrow('exited with 78');
    await expect(started).rejects.toThrow('GATEWAY_KEY_ENCRYPTION_KEY is required when NODE_ENV is production');
  }, 60_000);

  it('refuses a key-encryption key that is not 32 bytes of base64, naming the variable', async () => {
    await expect(startGateway({ GATEWAY_KEY_ENCRYPTION_KEY: 'too-short' })).rejects.toThrow('GATEWAY_KEY_ENCRYPTION_KEY must be 32 random bytes');
  }, 60_000);
});
