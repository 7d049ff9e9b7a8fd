import { GATEWAY_ASSERTION_HEADER, internalAssertionKeyOf, InternalAssertionSigner, TokenVerifier, StaticKeySet, VerifiedToken } from '@palembang/auth';
import { callApi, PermitsBehindGateway, startPermitsBehindGateway } from '@palembang/platform/testing';
import { randomBytes } from 'node:crypto';

const KEY = randomBytes(32).toString('base64');
const PATH = '/v1/permit-types';

/** Where the permits service looks for the gateway's keys: nowhere, so it cannot verify a bearer token on its own. */
const NO_GATEWAY = 'http://127.0.0.1:9';

/**
 * Issue 16 point 4, with a gateway and a permits service each its own process
 * and one INTERNAL_ASSERTION_KEY: the service takes the gateway's assertion in
 * place of verifying the token again, and refuses a forged, expired or
 * misdirected one with 401 whatever bearer token comes with it. The service is
 * not told where the gateway's keys are, so a call that succeeds through the
 * gateway can only have been let in by the assertion. (A service with the key
 * still takes a plain bearer token: the guard's unit spec.)
 */
describe('the gateway assertion between the gateway and a service', () => {
  let platform: PermitsBehindGateway;
  let token: string;
  let verified: VerifiedToken;

  const atService = (headers: Record<string, string>, path = PATH) => callApi(platform.permits.baseUrl, undefined, 'GET', path, { headers });
  const assertion = (options: { key?: string; now?: number; path?: string } = {}) =>
    new InternalAssertionSigner(internalAssertionKeyOf(options.key ?? KEY), { now: () => options.now ?? Math.floor(Date.now() / 1000) }).sign(verified, { method: 'GET', path: options.path ?? PATH });

  beforeAll(async () => {
    platform = await startPermitsBehindGateway({ INTERNAL_ASSERTION_KEY: KEY }, { INTERNAL_ASSERTION_KEY: KEY, GATEWAY_URL: NO_GATEWAY });
    token = await platform.tokenFor('dpmptsp', ['permits:read']);
    const jwks = await (await fetch(`${platform.gateway.baseUrl}/.well-known/jwks.json`)).json();
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    verified = await new TokenVerifier({ issuer: claims.iss, audience: claims.aud, keys: new StaticKeySet(jwks) }).verify(token);
  }, 120_000);

  afterAll(async () => {
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  it('answers a call through the gateway, though the service could not verify the bearer token itself', async () => {
    expect((await callApi(platform.gateway.baseUrl, token, 'GET', PATH)).status).toBe(200);
    const alone = await atService({ authorization: `Bearer ${token}` });
    expect(alone.status).toBe(503);
    expect(alone.body).toMatchObject({ code: 'AUTH.KEYS_UNAVAILABLE' });
  });

  it('lets in a query and a write the same way: the service answers them itself (200, 400), never 401 or 503', async () => {
    const writer = await platform.tokenFor('dpmptsp', ['permits:read', 'permits:write']);
    const listed = await callApi(platform.gateway.baseUrl, writer, 'GET', "/v1/permit-applications?limit=5&status=submitted");
    expect(listed.status).toBe(200);
    const refused = await callApi(platform.gateway.baseUrl, writer, 'POST', '/v1/permit-applications', { body: { permitTypeCode: 42 }, headers: { 'idempotency-key': 'assertion-e2e-1' } });
    expect(refused.status).toBe(400);
  });

  it('takes a valid assertion alone, with no bearer token at all', async () => {
    expect((await atService({ [GATEWAY_ASSERTION_HEADER]: await assertion() })).status).toBe(200);
  });

  it.each([
    ['signed with another key (forged)', () => assertion({ key: randomBytes(32).toString('base64') })],
    ['expired', () => assertion({ now: Math.floor(Date.now() / 1000) - 60 })],
    ['made for another path', () => assertion({ path: '/v1/permit-applications' })],
    ['garbage', async () => 'not-an-assertion'],
  ])('refuses an assertion %s with 401, even beside a valid bearer token', async (_case, make) => {
    const answer = await atService({ [GATEWAY_ASSERTION_HEADER]: await make(), authorization: `Bearer ${token}` });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
  });

  it('never lets a caller pass its own assertion through the gateway', async () => {
    const forged = await assertion({ key: randomBytes(32).toString('base64') });
    // The gateway forwards only the headers a service needs, and makes its own assertion.
    expect((await callApi(platform.gateway.baseUrl, token, 'GET', PATH, { headers: { [GATEWAY_ASSERTION_HEADER]: forged } })).status).toBe(200);
  });

  it('never takes an assertion in place of a token at the gateway itself, even a valid one', async () => {
    expect((await callApi(platform.gateway.baseUrl, undefined, 'GET', PATH, { headers: { [GATEWAY_ASSERTION_HEADER]: await assertion() } })).status).toBe(401);
  });
});
