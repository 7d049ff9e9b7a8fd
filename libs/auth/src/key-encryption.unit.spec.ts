import { randomBytes } from 'node:crypto';
import { isSealedPrivateKey, openPrivateKey, sealPrivateKey } from './key-encryption';

describe('private signing keys at rest', () => {
  const kek = randomBytes(32);
  const pem = '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n';

  it('are sealed so that the PEM does not appear, and open again with the same key and key id', () => {
    const sealed = sealPrivateKey(pem, 'kid-1', kek);
    expect(isSealedPrivateKey(sealed)).toBe(true);
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(openPrivateKey(sealed, 'kid-1', kek)).toBe(pem);
  });

  it('refuse another key-encryption key, another key id, a missing key, and tampering', () => {
    const sealed = sealPrivateKey(pem, 'kid-1', kek);
    expect(() => openPrivateKey(sealed, 'kid-1', randomBytes(32))).toThrow();
    expect(() => openPrivateKey(sealed, 'kid-2', kek)).toThrow();
    expect(() => openPrivateKey(sealed, 'kid-1', undefined)).toThrow('no key-encryption key is configured');
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => openPrivateKey(tampered, 'kid-1', kek)).toThrow();
  });

  it('read keys stored in the clear as they are', () => {
    expect(openPrivateKey(pem, 'kid-1', kek)).toBe(pem);
    expect(openPrivateKey(pem, 'kid-1', undefined)).toBe(pem);
  });
});
