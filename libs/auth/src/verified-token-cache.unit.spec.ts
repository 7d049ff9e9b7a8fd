import { tokenKey, VerifiedTokenCache } from './verified-token-cache';

const NOW = 1_780_000_000;
const entry = (clientId: string, expiresAt = NOW + 600) => ({ clientId, expiresAt, value: { clientId } });

describe('the verified token cache', () => {
  it('hands back a remembered token until its expiry, and never at or after it', () => {
    const cache = new VerifiedTokenCache<{ clientId: string }>(10);
    cache.remember('token-a', entry('portal', NOW + 60), NOW);
    expect(cache.get('token-a', NOW + 59)?.value).toEqual({ clientId: 'portal' });
    expect(cache.get('token-a', NOW + 60)).toBeUndefined();
    expect(cache.count).toBe(0);
    cache.remember('token-b', entry('portal', NOW), NOW);
    expect(cache.count).toBe(0);
  });

  it('drops every token of a revoked client and keeps the others', () => {
    const cache = new VerifiedTokenCache<{ clientId: string }>(10);
    cache.remember('portal-1', entry('portal'), NOW);
    cache.remember('portal-2', entry('portal'), NOW);
    cache.remember('lms-1', entry('lms'), NOW);
    cache.forgetClient('portal');
    expect(cache.get('portal-1', NOW)).toBeUndefined();
    expect(cache.get('portal-2', NOW)).toBeUndefined();
    expect(cache.get('lms-1', NOW)?.clientId).toBe('lms');
    expect(cache.count).toBe(1);
  });

  it('drops only the tokens of a client that a rotation picks', () => {
    const cache = new VerifiedTokenCache<{ clientId: string }>(10);
    cache.remember('early', entry('portal', NOW + 100), NOW);
    cache.remember('late', entry('portal', NOW + 600), NOW);
    cache.forgetClient('portal', ({ expiresAt }) => expiresAt < NOW + 300);
    expect(cache.get('early', NOW)).toBeUndefined();
    expect(cache.get('late', NOW)).toBeDefined();
    expect(cache.count).toBe(1);
  });

  it('holds at most its size, the least recently used going first', () => {
    const cache = new VerifiedTokenCache<{ clientId: string }>(2);
    cache.remember('first', entry('a'), NOW);
    cache.remember('second', entry('b'), NOW);
    cache.get('first', NOW); // now used more recently than second
    cache.remember('third', entry('c'), NOW);
    expect(cache.count).toBe(2);
    expect(cache.get('second', NOW)).toBeUndefined();
    expect(cache.get('first', NOW)).toBeDefined();
    expect(cache.get('third', NOW)).toBeDefined();
    // The evicted client's index went with it: forgetting it touches nothing else.
    cache.forgetClient('b');
    expect(cache.count).toBe(2);
  });

  it('remembers nothing with size 0, and refuses a size out of range', () => {
    const off = new VerifiedTokenCache<{ clientId: string }>(0);
    off.remember('token', entry('portal'), NOW);
    expect(off.get('token', NOW)).toBeUndefined();
    expect(() => new VerifiedTokenCache(-1)).toThrow('0 to');
    expect(() => new VerifiedTokenCache(1.5)).toThrow('0 to');
    expect(() => new VerifiedTokenCache(1_000_001)).toThrow('0 to');
  });

  it('is keyed by the SHA-256 of the token, never by the token itself', () => {
    const cache = new VerifiedTokenCache<{ clientId: string }>(10);
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJwb3J0YWwifQ.c2lnbmF0dXJl';
    cache.remember(token, entry('portal'), NOW);
    const keys = [...(cache as unknown as { entries: Map<string, unknown> }).entries.keys()];
    expect(keys).toEqual([tokenKey(token)]);
    expect(tokenKey(token)).toBe('qE956E5aM-cDXqnlvrD-TWIw-11QkpdYFYODLdqQjFk');
    expect(keys.some((key) => key.includes(token) || token.includes(key))).toBe(false);
  });
});
