import { generateKeyPairSync } from 'node:crypto';
import { issueAccessToken, signJws } from './jwt';
import { KeySetUnavailableError, StaticKeySet } from './key-set';
import { CachedRevocations, ClientRevocation, revocationsOfDocument } from './revocations';
import { AuthPrincipal } from './scopes';
import { generateSigningKey } from './signing-key';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

const NOW = 1_780_000_000;
const principal: AuthPrincipal = { clientId: 'dpmptsp-portal', agencyId: 'dpmptsp', scopes: ['permits:read', 'permits:write'] };
const key = generateSigningKey();
const issue = async (overrides: { now?: number; issuer?: string; audience?: string } = {}) =>
  (await issueAccessToken(principal, key, { issuer: overrides.issuer ?? 'https://gateway.test', audience: overrides.audience ?? 'palembang-platform', now: overrides.now ?? NOW })).token;
const verifier = new TokenVerifier({ issuer: 'https://gateway.test', audience: 'palembang-platform', keys: new StaticKeySet({ keys: [key.publicJwk] }), now: () => NOW, clockToleranceSeconds: 30 });

async function rejection(token: string): Promise<string> {
  const error = await verifier.verify(token).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof InvalidTokenError)) throw new Error(`expected an InvalidTokenError, got ${String(error)}`);
  return error.reason;
}

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('issued access tokens', () => {
  it('carry the principal, issuer, audience, a jti and a ten-minute lifetime by default', async () => {
    const { principal: verified, claims } = await verifier.verify(await issue());
    expect(verified).toEqual(principal);
    expect(claims).toMatchObject({ iss: 'https://gateway.test', sub: 'dpmptsp-portal', aud: 'palembang-platform', iat: NOW, exp: NOW + 600, scope: 'permits:read permits:write', agency_id: 'dpmptsp' });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('name their signing key in the header', async () => {
    const header = JSON.parse(Buffer.from((await issue()).split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: key.kid });
  });

  it('are accepted within the clock tolerance around expiry', async () => {
    await expect(verifier.verify(await issue({ now: NOW - 600 - 10 }))).resolves.toBeDefined();
  });
});

describe('the verifier rejects', () => {
  it('an expired token', async () => expect(await rejection(await issue({ now: NOW - 700 }))).toBe('expired'));
  it('a token not valid yet', async () => expect(await rejection(await issue({ now: NOW + 120 }))).toBe('not_yet_valid'));
  it('a token of another issuer', async () => expect(await rejection(await issue({ issuer: 'https://evil.test' }))).toBe('wrong_issuer'));
  it('a token for another audience', async () => expect(await rejection(await issue({ audience: 'another-platform' }))).toBe('wrong_audience'));

  it('a token signed by a key it does not know', async () => {
    const stranger = generateSigningKey();
    expect(await rejection((await issueAccessToken(principal, stranger, { issuer: 'https://gateway.test', audience: 'palembang-platform', now: NOW })).token)).toBe('unknown_key');
  });

  it('a token whose kid names a known key but which another key signed', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const [, payload] = (await issue()).split('.');
    const forged = await signJws({ alg: 'ES256', kid: key.kid }, JSON.parse(Buffer.from(payload, 'base64url').toString()), privateKey);
    expect(await rejection(forged)).toBe('bad_signature');
  });

  it('a token whose claims were altered after signing', async () => {
    const [header, payload, signature] = (await issue()).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${part({ ...claims, scope: 'permits:read permits:write admin' })}.${signature}`;
    expect(await rejection(tampered)).toBe('bad_signature');
  });

  it('an unsigned token with alg none', async () => {
    const [, payload] = (await issue()).split('.');
    expect(await rejection(`${part({ alg: 'none', kid: key.kid })}.${payload}.`)).toBe('unsupported_algorithm');
  });

  it('a token of another algorithm (HS256 keyed with the public key)', async () => {
    const [, payload, signature] = (await issue()).split('.');
    expect(await rejection(`${part({ alg: 'HS256', kid: key.kid })}.${payload}.${signature}`)).toBe('unsupported_algorithm');
  });

  it('a token without a kid', async () => {
    const [, payload, signature] = (await issue()).split('.');
    expect(await rejection(`${part({ alg: 'ES256' })}.${payload}.${signature}`)).toBe('unknown_key');
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d', '!!.??.**', `${part({ alg: 'ES256' })}.not-json.sig`])('a malformed token %p', async (token) => {
    expect(await rejection(token)).toBe('malformed');
  });

  it('a token whose audience list does not name this platform', async () => {
    const claims = JSON.parse(Buffer.from((await issue()).split('.')[1], 'base64url').toString());
    expect(await rejection(await signJws({ alg: 'ES256', kid: key.kid }, { ...claims, aud: ['a', 'b'] }, key.privateKey))).toBe('wrong_audience');
    await expect(verifier.verify(await signJws({ alg: 'ES256', kid: key.kid }, { ...claims, aud: ['a', 'palembang-platform'] }, key.privateKey))).resolves.toBeDefined();
  });

  it('a signed token that lacks required claims', async () => {
    const token = await signJws({ alg: 'ES256', kid: key.kid }, { iss: 'https://gateway.test', aud: 'palembang-platform', iat: NOW, exp: NOW + 60 }, key.privateKey);
    expect(await rejection(token)).toBe('missing_claims');
  });
});

describe('remembering verified signatures', () => {
  /** A key set whose keys the test swaps: the same kid later answering with other key material shows whether a signature is checked again. */
  class SwappableKeySet {
    current = new StaticKeySet({ keys: [key.publicJwk] });
    getKey(kid: string) {
      return this.current.getKey(kid);
    }
    answerWithOtherMaterial(): void {
      const other = generateSigningKey();
      this.current = new StaticKeySet({ keys: [{ ...other.publicJwk, kid: key.kid }] });
    }
  }
  const verifierOver = (keys: SwappableKeySet, cacheSize?: number, now = () => NOW) =>
    new TokenVerifier({ issuer: 'https://gateway.test', audience: 'palembang-platform', keys, now, verifiedTokenCacheSize: cacheSize });

  it('skips the signature of a token already verified, and only of that exact token', async () => {
    const keys = new SwappableKeySet();
    const remembering = verifierOver(keys);
    const token = await issue();
    await remembering.verify(token);
    keys.answerWithOtherMaterial();
    await expect(remembering.verify(token)).resolves.toBeDefined();
    await expect(remembering.verify(await issue({ now: NOW - 1 }))).rejects.toMatchObject({ reason: 'bad_signature' });
  });

  it('never accepts an altered copy of a remembered token', async () => {
    const remembering = verifierOver(new SwappableKeySet());
    const token = await issue();
    await remembering.verify(token);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    await expect(remembering.verify(`${header}.${part({ ...claims, agency_id: 'dinas-lain' })}.${signature}`)).rejects.toMatchObject({ reason: 'bad_signature' });
  });

  it('still checks lifetime and the key on every call', async () => {
    let now = NOW;
    const keys = new SwappableKeySet();
    const remembering = verifierOver(keys, undefined, () => now);
    const token = await issue();
    await remembering.verify(token);
    now = NOW + 700;
    await expect(remembering.verify(token)).rejects.toMatchObject({ reason: 'expired' });
    now = NOW;
    await remembering.verify(token);
    keys.current = new StaticKeySet({ keys: [] });
    await expect(remembering.verify(token)).rejects.toMatchObject({ reason: 'unknown_key' });
  });

  it('is bounded (the oldest goes first) and can be turned off', async () => {
    const keys = new SwappableKeySet();
    const small = verifierOver(keys, 1);
    const off = verifierOver(keys, 0);
    const first = await issue();
    const second = await issue({ now: NOW - 1 });
    await small.verify(first);
    await small.verify(second);
    await off.verify(first);
    keys.answerWithOtherMaterial();
    await expect(small.verify(second)).resolves.toBeDefined();
    await expect(small.verify(first)).rejects.toMatchObject({ reason: 'bad_signature' });
    await expect(off.verify(first)).rejects.toMatchObject({ reason: 'bad_signature' });
  });
});

describe('the lifetime cap', () => {
  it('refuses a signed token living longer than the cap, even when not expired', async () => {
    const claims = JSON.parse(Buffer.from((await issue()).split('.')[1], 'base64url').toString());
    const long = await signJws({ alg: 'ES256', kid: key.kid }, { ...claims, exp: NOW + 3601 }, key.privateKey);
    expect(await rejection(long)).toBe('lifetime_too_long');
    const capped = new TokenVerifier({ issuer: 'https://gateway.test', audience: 'palembang-platform', keys: new StaticKeySet({ keys: [key.publicJwk] }), now: () => NOW, maxLifetimeSeconds: 300 });
    await expect(capped.verify(await issue())).rejects.toMatchObject({ reason: 'lifetime_too_long' });
  });

  it('cannot be configured above MAX_TOKEN_LIFETIME_SECONDS, nor issued above it', async () => {
    expect(() => new TokenVerifier({ issuer: 'x', audience: 'y', keys: new StaticKeySet({ keys: [] }), maxLifetimeSeconds: 3601 })).toThrow('maxLifetimeSeconds');
    await expect(issueAccessToken(principal, key, { issuer: 'x', audience: 'y', ttlSeconds: 3601 })).rejects.toThrow('token lifetime');
  });
});

describe('revocations', () => {
  const revoking = (entries: ClientRevocation[]) =>
    new TokenVerifier({
      issuer: 'https://gateway.test',
      audience: 'palembang-platform',
      keys: new StaticKeySet({ keys: [key.publicJwk] }),
      now: () => NOW,
      revocations: new CachedRevocations(async () => new Map(entries.map((entry) => [entry.clientId, entry]))),
    });

  it('refuses every token of a revoked client, even a remembered one', async () => {
    const token = await issue();
    const entries: ClientRevocation[] = [];
    const list = new CachedRevocations(async () => new Map(entries.map((entry) => [entry.clientId, entry])), { maxAgeMs: 0 });
    const verifying = new TokenVerifier({ issuer: 'https://gateway.test', audience: 'palembang-platform', keys: new StaticKeySet({ keys: [key.publicJwk] }), now: () => NOW, revocations: list });
    await expect(verifying.verify(token)).resolves.toBeDefined();
    entries.push({ clientId: principal.clientId, tokensIssuedBefore: NOW - 100, revoked: true });
    await expect(verifying.verify(token)).rejects.toMatchObject({ reason: 'revoked' });
  });

  it('drops a remembered token once a loaded list revokes it, without its being presented again, and keeps tokens a rotation spares', async () => {
    const older = await issue({ now: NOW - 20 });
    const newer = await issue();
    const entries: ClientRevocation[] = [];
    const list = new CachedRevocations(async () => new Map(entries.map((entry) => [entry.clientId, entry])));
    const verifying = new TokenVerifier({ issuer: 'https://gateway.test', audience: 'palembang-platform', keys: new StaticKeySet({ keys: [key.publicJwk] }), now: () => NOW, revocations: list });
    await verifying.verify(older);
    await verifying.verify(newer);
    expect(verifying.rememberedTokenCount).toBe(2);
    entries.push({ clientId: principal.clientId, tokensIssuedBefore: NOW - 10, revoked: false });
    await list.refresh();
    expect(verifying.rememberedTokenCount).toBe(1);
    entries[0] = { ...entries[0], revoked: true };
    await list.refresh();
    expect(verifying.rememberedTokenCount).toBe(0);
  });

  it('refuses tokens issued before a secret rotation and accepts later ones', async () => {
    const verifying = revoking([{ clientId: principal.clientId, tokensIssuedBefore: NOW - 10, revoked: false }]);
    await expect(verifying.verify(await issue({ now: NOW - 11 }))).rejects.toMatchObject({ reason: 'revoked' });
    await expect(verifying.verify(await issue({ now: NOW - 10 }))).resolves.toBeDefined();
  });

  it('leaves other clients alone', async () => {
    await expect(revoking([{ clientId: 'someone-else', tokensIssuedBefore: NOW + 10, revoked: true }]).verify(await issue())).resolves.toBeDefined();
  });
});

describe('a cached revocation list', () => {
  it('loads again when older than its maximum age, keeps a stale list for a while when loading fails, then refuses', async () => {
    let clock = 0;
    let up = true;
    let loads = 0;
    const list = new CachedRevocations(
      async () => {
        loads += 1;
        if (!up) throw new Error('ECONNREFUSED');
        return revocationsOfDocument({ clients: [{ clientId: 'gone', tokensIssuedBefore: 5, revoked: true }, { clientId: 7 }] });
      },
      { now: () => clock },
    );
    expect(await list.isRevoked('gone', 1)).toBe(true);
    expect(await list.isRevoked('kept', 1)).toBe(false);
    clock = 29_999;
    expect(await list.isRevoked('gone', 1)).toBe(true);
    expect(loads).toBe(1);
    up = false;
    clock = 60_000;
    expect(await list.isRevoked('gone', 1)).toBe(true);
    clock = 90_000;
    await expect(list.isRevoked('kept', 1)).rejects.toBeInstanceOf(KeySetUnavailableError);
  });

  it('refuses a document without a clients list', () => {
    expect(() => revocationsOfDocument({ keys: [] })).toThrow('clients');
  });
});
