import { JwksKeySet, KeySetUnavailableError } from './key-set';
import { generateSigningKey } from './signing-key';

function jwksServer(keys: () => unknown[]) {
  let calls = 0;
  const fetch = (async () => {
    calls += 1;
    return new Response(JSON.stringify({ keys: keys() }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
}

describe('JwksKeySet', () => {
  const first = generateSigningKey();
  const second = generateSigningKey();

  it('caches the fetched keys', async () => {
    const server = jwksServer(() => [first.publicJwk]);
    const keys = new JwksKeySet({ url: 'http://gateway/.well-known/jwks.json', fetch: server.fetch });
    expect(await keys.getKey(first.kid)).toBeDefined();
    expect(await keys.getKey(first.kid)).toBeDefined();
    expect(server.calls()).toBe(1);
  });

  it('fetches again at once when a token names a key it has not seen (a fresh rotation), then at most once per interval for unknown kids', async () => {
    let published = [first.publicJwk];
    let clock = 0;
    const server = jwksServer(() => published);
    const keys = new JwksKeySet({ url: 'http://gateway/jwks', fetch: server.fetch, minRefetchIntervalMs: 10_000, now: () => clock });
    expect(await keys.getKey(first.kid)).toBeDefined();
    published = [first.publicJwk, second.publicJwk];
    clock = 1000;
    expect(await keys.getKey(second.kid)).toBeDefined();
    expect(await keys.getKey('forged-kid')).toBeUndefined();
    expect(await keys.getKey('another-forged-kid')).toBeUndefined();
    expect(server.calls()).toBe(2);
    clock = 11_000;
    expect(await keys.getKey('forged-kid')).toBeUndefined();
    expect(server.calls()).toBe(3);
  });

  it('drops a withdrawn key when it fetches again, within 30 s by default', async () => {
    let published = [first.publicJwk, second.publicJwk];
    let clock = 0;
    const server = jwksServer(() => published);
    const keys = new JwksKeySet({ url: 'http://gateway/jwks', fetch: server.fetch, now: () => clock });
    expect(await keys.getKey(first.kid)).toBeDefined();
    published = [second.publicJwk];
    clock = 29_000;
    expect(await keys.getKey(first.kid)).toBeDefined();
    clock = 30_000;
    expect(await keys.getKey(first.kid)).toBeUndefined();
  });

  it('ignores keys of other types and algorithms', async () => {
    const server = jwksServer(() => [{ ...first.publicJwk, alg: 'RS256' }, { kty: 'oct', kid: 'symmetric', k: 'c2VjcmV0' }]);
    const keys = new JwksKeySet({ url: 'http://gateway/jwks', fetch: server.fetch });
    expect(await keys.getKey(first.kid)).toBeUndefined();
    expect(await keys.getKey('symmetric')).toBeUndefined();
  });

  it('keeps using fetched keys while the issuer is down, and reports an unknown key as unavailable', async () => {
    let up = true;
    let clock = 0;
    const fetch = (async () => {
      if (!up) throw new Error('ECONNREFUSED');
      return new Response(JSON.stringify({ keys: [first.publicJwk] }));
    }) as typeof globalThis.fetch;
    const keys = new JwksKeySet({ url: 'http://gateway/jwks', fetch, cacheTtlMs: 1000, minRefetchIntervalMs: 0, now: () => clock });
    expect(await keys.getKey(first.kid)).toBeDefined();
    up = false;
    clock = 5000;
    expect(await keys.getKey(first.kid)).toBeDefined();
    await expect(keys.getKey(second.kid)).rejects.toBeInstanceOf(KeySetUnavailableError);
  });
});
