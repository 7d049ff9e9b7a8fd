import { createHttpAdapter } from '@palembang/http';
import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { GATEWAY_ASSERTION_HEADER, internalAssertionKeyOf, InternalAssertionSigner } from '../internal-assertion';
import { issueAccessToken } from '../jwt';
import { KeyResolver, KeySetUnavailableError, StaticKeySet } from '../key-set';
import { AuthPrincipal } from '../scopes';
import { generateSigningKey } from '../signing-key';
import { TokenVerifier } from '../token-verifier';
import { AuthModule } from './auth.module';
import { Authenticated, Principal, RequireScopes } from './decorators';

@Controller('permits')
@Authenticated()
class PermitsController {
  @Get()
  list(@Principal() principal: AuthPrincipal) {
    return principal;
  }

  @Get('decisions')
  @RequireScopes('permits:write')
  decide() {
    return { decided: true };
  }
}

const key = generateSigningKey();
const options = { issuer: 'https://gateway.test', audience: 'palembang-platform' };
const tokenFor = async (scopes: string[]) => (await issueAccessToken({ clientId: 'portal', agencyId: 'dpmptsp', scopes }, key, options)).token;

async function startApp(keys: KeyResolver, authOptions: Parameters<typeof AuthModule.forVerifier>[1] = {}): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forVerifier(new TokenVerifier({ ...options, keys }), authOptions)],
    controllers: [PermitsController],
  }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

describe('AuthGuard in a NestJS application', () => {
  let app: INestApplication;
  let url: string;
  const get = async (path: string, token?: Promise<string> | string) => fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${await token}` } : {} });

  beforeAll(async () => ({ app, url } = await startApp(new StaticKeySet({ keys: [key.publicJwk] }))));
  afterAll(() => app.close());

  it('puts the principal of a valid token on the request', async () => {
    const response = await get('/permits', tokenFor(['permits:read']));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ clientId: 'portal', agencyId: 'dpmptsp', scopes: ['permits:read'] });
  });

  it('answers a missing token with 401 problem+json and a Bearer challenge', async () => {
    const response = await get('/permits');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual({ type: 'urn:palembang:problem:auth.invalid_token', title: 'Unauthorized', status: 401, code: 'AUTH.INVALID_TOKEN', detail: expect.any(String), instance: '/permits' });
  });

  it.each([
    ['a bad token', 'not-a-token'],
    ['an expired token', issueAccessToken({ clientId: 'portal', agencyId: 'dpmptsp', scopes: [] }, key, { ...options, now: Math.floor(Date.now() / 1000) - 3600 }).then(({ token }) => token)],
  ])('answers %s with 401 error="invalid_token"', async (_case, token) => {
    const response = await get('/permits', token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers a missing scope with 403 problem+json', async () => {
    const response = await get('/permits/decisions', tokenFor(['permits:read']));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ status: 403, title: 'Forbidden', code: 'AUTH.INSUFFICIENT_SCOPE', type: 'urn:palembang:problem:auth.insufficient_scope', detail: expect.stringContaining('permits:write') });
    expect((await get('/permits/decisions', tokenFor(['permits:write']))).status).toBe(200);
  });

  it('answers 503 with Retry-After while the signing keys cannot be fetched', async () => {
    const unreachable = await startApp({ getKey: () => Promise.reject(new KeySetUnavailableError('down')) });
    try {
      const response = await fetch(`${unreachable.url}/permits`, { headers: { authorization: `Bearer ${await tokenFor([])}` } });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toMatchObject({ status: 503, code: 'AUTH.KEYS_UNAVAILABLE' });
    } finally {
      await unreachable.app.close();
    }
  });
});

describe('AuthGuard taking the gateway assertion', () => {
  const assertionKey = internalAssertionKeyOf(randomBytes(32).toString('base64'));
  const keys = new StaticKeySet({ keys: [key.publicJwk] });
  let withKey: { app: INestApplication; url: string };
  let withoutKey: { app: INestApplication; url: string };
  const verifier = new TokenVerifier({ ...options, keys });
  const assertionFor = async (scopes: string[], path: string, signingKey = assertionKey) => new InternalAssertionSigner(signingKey).sign(await verifier.verify(await tokenFor(scopes)), { method: 'GET', path });
  const get = (service: { url: string }, path: string, headers: Record<string, string>) => fetch(`${service.url}${path}`, { headers });

  beforeAll(async () => {
    withKey = await startApp(keys, { internalAssertionKey: assertionKey });
    withoutKey = await startApp(keys);
  });
  afterAll(() => Promise.all([withKey.app.close(), withoutKey.app.close()]));

  it('takes a valid assertion instead of a bearer token, scopes included', async () => {
    const response = await get(withKey, '/permits', { [GATEWAY_ASSERTION_HEADER]: await assertionFor(['permits:read'], '/permits') });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ clientId: 'portal', agencyId: 'dpmptsp', scopes: ['permits:read'] });
    expect((await get(withKey, '/permits/decisions', { [GATEWAY_ASSERTION_HEADER]: await assertionFor(['permits:read'], '/permits/decisions') })).status).toBe(403);
  });

  it('answers a forged assertion or one for another path with 401, even beside a valid bearer token', async () => {
    const bearer = { authorization: `Bearer ${await tokenFor(['permits:write'])}` };
    const forged = await assertionFor(['permits:write'], '/permits/decisions', internalAssertionKeyOf(randomBytes(32).toString('base64')));
    const elsewhere = await assertionFor(['permits:write'], '/permits');
    for (const assertion of [forged, elsewhere, 'garbage']) {
      const response = await get(withKey, '/permits/decisions', { ...bearer, [GATEWAY_ASSERTION_HEADER]: assertion });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('still takes a plain bearer token, as a caller inside the cluster sends it', async () => {
    expect((await get(withKey, '/permits', { authorization: `Bearer ${await tokenFor(['permits:read'])}` })).status).toBe(200);
    expect((await get(withKey, '/permits', {})).status).toBe(401);
  });

  it('ignores the header without the key: the bearer token alone decides, as before', async () => {
    const assertion = await assertionFor(['permits:read'], '/permits');
    expect((await get(withoutKey, '/permits', { [GATEWAY_ASSERTION_HEADER]: assertion })).status).toBe(401);
    expect((await get(withoutKey, '/permits', { [GATEWAY_ASSERTION_HEADER]: 'garbage', authorization: `Bearer ${await tokenFor(['permits:read'])}` })).status).toBe(200);
  });
});
