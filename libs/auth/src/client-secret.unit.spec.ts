import { generateClientSecret, hashClientSecret, verifyClientSecret } from './client-secret';

describe('client secrets', () => {
  it('are 32 random bytes in base64url', () => {
    const secret = generateClientSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateClientSecret()).not.toBe(secret);
  });

  it('are stored as scrypt$N$r$p$salt$hash with a salt of their own', async () => {
    const secret = generateClientSecret();
    const [first, second] = [await hashClientSecret(secret), await hashClientSecret(secret)];
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(secret);
  });

  it('verify the right secret and refuse a wrong one', async () => {
    const secret = generateClientSecret();
    const hash = await hashClientSecret(secret);
    expect(await verifyClientSecret(secret, hash)).toBe(true);
    expect(await verifyClientSecret(`${secret}x`, hash)).toBe(false);
    expect(await verifyClientSecret('', hash)).toBe(false);
  });

  it.each(['', 'plain-text', 'bcrypt$1$2$3$4$5', 'scrypt$99999999$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', 'scrypt$16384$8$1$$'])(
    'refuse a malformed stored hash %p',
    async (stored) => expect(await verifyClientSecret('secret', stored)).toBe(false),
  );
});
