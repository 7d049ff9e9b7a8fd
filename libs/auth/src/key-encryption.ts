import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'aes256gcm:v1:';

/**
 * Private signing keys at rest: AES-256-GCM under a key-encryption key kept
 * outside the database (GATEWAY_KEY_ENCRYPTION_KEY), so a copy of the database
 * alone cannot mint tokens. The text is `aes256gcm:v1:<iv>:<tag>:<ciphertext>`
 * (base64), bound to the key id as associated data so a sealed key cannot be
 * moved to another row.
 */
export function sealPrivateKey(pem: string, kid: string, keyEncryptionKey: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyEncryptionKey, iv);
  cipher.setAAD(Buffer.from(kid));
  const ciphertext = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ciphertext.toString('base64')}`;
}

/** The PEM of a stored key: opened when sealed, as it is when stored in the clear (keys from before encryption was configured). */
export function openPrivateKey(stored: string, kid: string, keyEncryptionKey: Buffer | undefined): string {
  if (!isSealedPrivateKey(stored)) return stored;
  if (!keyEncryptionKey) throw new Error(`signing key ${kid} is encrypted but no key-encryption key is configured`);
  const [iv, tag, ciphertext] = stored.slice(PREFIX.length).split(':').map((part) => Buffer.from(part, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', keyEncryptionKey, iv);
  decipher.setAAD(Buffer.from(kid));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}

export function isSealedPrivateKey(stored: string): boolean {
  return stored.startsWith(PREFIX);
}
