import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { assertedPathOf, INTERNAL_ASSERTION_AUDIENCE, INTERNAL_ASSERTION_ISSUER, internalAssertionKeyOf, InternalAssertionSigner, InternalAssertionVerifier } from './internal-assertion';
import { AccessTokenClaims, principalOfClaims } from './jwt';
import { InvalidTokenError, VerifiedToken } from './token-verifier';

const NOW = 1_780_000_000;
const key = internalAssertionKeyOf(randomBytes(32).toString('base64'));
const claims: AccessTokenClaims = { iss: 'https://gateway.test', sub: 'dpmptsp-portal', aud: 'palembang-platform', iat: NOW - 100, nbf: NOW - 100, exp: NOW + 500, jti: 'j', scope: 'permits:read permits:write', agency_id: 'dpmptsp' };
const verified: VerifiedToken = { claims, principal: principalOfClaims(claims) };
const call = { method: 'POST', path: '/v1/permit-applications?draft=true' };
const signer = (now = NOW) => new InternalAssertionSigner(key, { now: () => now });
const verifier = (now = NOW) => new InternalAssertionVerifier(key, { now: () => now });

async function reason(assertion: string, at = call, now = NOW): Promise<string> {
  const error = await verifier(now).verify(assertion, at).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof InvalidTokenError)) throw new Error(`expected an InvalidTokenError, got ${String(error)}`);
  return error.reason;
}

/** What a forger with some other key, or the right key and chosen claims, would send. */
const forged = (payload: Record<string, unknown>, secret = key, header: Record<string, unknown> = { alg: 'HS256', typ: 'gateway-assertion+jwt' }) =>
  new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(secret);
const honestClaims = { iss: INTERNAL_ASSERTION_ISSUER, aud: INTERNAL_ASSERTION_AUDIENCE, sub: 'dpmptsp-portal', agency_id: 'dpmptsp', scope: 'permits:read', iat: NOW, exp: NOW + 5, htm: 'POST', htu: '/v1/permit-applications?draft=true' };

describe('the gateway assertion', () => {
  it('carries the principal of the verified token to the service, for the call it was made for', async () => {
    const assertion = await signer().sign(verified, call);
    await expect(verifier().verify(assertion, call)).resolves.toEqual({ clientId: 'dpmptsp-portal', agencyId: 'dpmptsp', scopes: ['permits:read', 'permits:write'] });
  });

  it('lives five seconds, or less when the token expires sooner', async () => {
    const payload = (assertion: string) => JSON.parse(Buffer.from(assertion.split('.')[1], 'base64url').toString());
    expect(payload(await signer().sign(verified, call))).toMatchObject({ iat: NOW, exp: NOW + 5 });
    expect(payload(await signer().sign({ ...verified, claims: { ...claims, exp: NOW + 2 } }, call))).toMatchObject({ exp: NOW + 2 });
  });

  it('is not made for a token at or past its expiry (which the gateway clock tolerance may still take): the service verifies that token itself', async () => {
    await expect(signer(NOW + 499).assertionFor(verified, call)).resolves.toEqual(expect.any(String));
    await expect(signer(NOW + 500).assertionFor(verified, call)).resolves.toBeUndefined();
    await expect(signer(NOW + 520).assertionFor(verified, call)).resolves.toBeUndefined();
  });

  it('is refused once expired (past a two-second clock tolerance)', async () => {
    const assertion = await signer().sign(verified, call);
    await expect(verifier(NOW + 6).verify(assertion, call)).resolves.toBeDefined();
    expect(await reason(assertion, call, NOW + 8)).toBe('expired');
  });

  it('is refused for another method or another path, the query included', async () => {
    const assertion = await signer().sign(verified, call);
    expect(await reason(assertion, { ...call, method: 'GET' })).toBe('wrong_audience');
    expect(await reason(assertion, { ...call, path: '/v1/permit-applications' })).toBe('wrong_audience');
    expect(await reason(assertion, { ...call, path: '/v1/complaints?draft=true' })).toBe('wrong_audience');
  });

  it('matches the path as the service receives it (percent-encoded by the HTTP client)', async () => {
    const raw = { method: 'GET', path: "/v1/permit-types/a b?name='x'" };
    const assertion = await signer().sign(verified, raw);
    expect(assertedPathOf(raw.path)).toBe('/v1/permit-types/a%20b?name=%27x%27');
    await expect(verifier().verify(assertion, { method: 'GET', path: '/v1/permit-types/a%20b?name=%27x%27' })).resolves.toBeDefined();
  });

  it('is refused when signed with another key (forged)', async () => {
    expect(await reason(await forged(honestClaims, internalAssertionKeyOf(randomBytes(32).toString('base64'))))).toBe('bad_signature');
  });

  it('is refused when altered after signing', async () => {
    const [header, , signature] = (await signer().sign(verified, call)).split('.');
    const widened = Buffer.from(JSON.stringify({ ...honestClaims, scope: 'permits:read permits:write agencies:all' })).toString('base64url');
    expect(await reason(`${header}.${widened}.${signature}`)).toBe('bad_signature');
  });

  it.each([
    ['another audience (an access token is no assertion)', { ...honestClaims, aud: 'palembang-platform' }, 'wrong_audience'],
    ['another issuer', { ...honestClaims, iss: 'https://gateway.test' }, 'wrong_issuer'],
    ['a lifetime over five seconds', { ...honestClaims, exp: NOW + 60 }, 'lifetime_too_long'],
    ['an iat in the future', { ...honestClaims, iat: NOW + 60, exp: NOW + 65 }, 'not_yet_valid'],
    ['no agency', { ...honestClaims, agency_id: undefined }, 'missing_claims'],
  ])('is refused with %s, even signed with the right key', async (_case, payload, expected) => {
    expect(await reason(await forged(payload))).toBe(expected);
  });

  it('is refused with another algorithm or type, or unsigned', async () => {
    expect(await reason(await forged(honestClaims, key, { alg: 'HS512', typ: 'gateway-assertion+jwt' }))).toBe('unsupported_algorithm');
    expect(await reason(await forged(honestClaims, key, { alg: 'HS256', typ: 'at+jwt' }))).toBe('missing_claims');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(honestClaims)).toString('base64url')}.`;
    expect(await reason(unsigned)).toBe('unsupported_algorithm');
    expect(await reason('not-an-assertion')).toBe('malformed');
  });

  it('needs a key of at least 32 bytes, in base64', () => {
    expect(() => internalAssertionKeyOf(randomBytes(31).toString('base64'))).toThrow('at least 32 bytes');
    expect(() => internalAssertionKeyOf('%%%')).toThrow('base64');
    expect(internalAssertionKeyOf(randomBytes(48).toString('base64')).symmetricKeySize).toBe(48);
  });
});
