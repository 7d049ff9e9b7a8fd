import { KNOWN_SCOPES } from '@palembang/auth';
import { accessToken, callAdmin, ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const FUZZ_TIMEOUT_MS = 480_000;

/** tools/fuzz/run.ts against the running platform: its exit code and its report. */
function runFuzzer(gatewayUrl: string, token: string, adminToken: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'tools', 'fuzz', 'run.ts')], {
    cwd: ROOT,
    env: { ...process.env, FUZZ_GATEWAY_URL: gatewayUrl, FUZZ_TOKEN: token, FUZZ_ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGTERM'), FUZZ_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Issue 17, "an OpenAPI that tells the truth": requests generated from the gateway's published
 * document (Schemathesis, tools/fuzz, a bounded number per operation) against the gateway and every
 * service, with a client holding every scope and agencies:all. No server error, no undeclared
 * status, no answer breaking its schema, no schema-valid request refused, every operation tested.
 * Rules over data (a category that exists, a valid NIP) are met with real data by tools/fuzz/hooks.py;
 * tools/fuzz/accepted-findings.json accepts nothing.
 */
describe('the gateway as its OpenAPI document describes it (generated requests, all services)', () => {
  let platform: ServicesBehindGateway<'permits' | 'complaints' | 'training' | 'accountability' | 'webhooks'>;

  beforeAll(async () => {
    platform = await startBehindGateway(['permits', 'complaints', 'training', 'accountability', 'webhooks'], { RATE_LIMIT_PER_MINUTE: '1000000' }, { ACCOUNTABILITY_CONSUMER_GROUP: `accountability-fuzz-${randomUUID()}` });
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers an undeclared method on a known path with 405 and Allow, on the gateway and every service', async () => {
    const gateway = await fetch(`${platform.gateway.baseUrl}/v1/permit-applications`, { method: 'PUT', headers: { authorization: `Bearer ${platform.adminToken}` } });
    expect(gateway.status).toBe(405);
    expect(gateway.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(await gateway.json()).toMatchObject({ status: 405, code: 'REQUEST.METHOD_NOT_ALLOWED' });
    for (const service of [platform.gateway, ...Object.values(platform.services)]) {
      const answer = await fetch(`${service.baseUrl}/docs-json`, { method: 'DELETE' });
      expect({ url: service.baseUrl, status: answer.status, allow: answer.headers.get('allow') }).toEqual({ url: service.baseUrl, status: 405, allow: 'GET, HEAD' });
    }
  });

  it('meets every generated request as its document says, for every operation', async () => {
    // A client of its own: what the generated requests do to clients never touches the bootstrap admin.
    const client = await callAdmin(platform.gateway.baseUrl, platform.adminToken, 'POST', '/v1/admin/clients', { name: 'openapi fuzzer', agencyId: 'dinas-pupr', scopes: [...KNOWN_SCOPES] });
    expect(client.status).toBe(201);
    const token = await accessToken(platform.gateway.baseUrl, { clientId: client.body.clientId as string, clientSecret: client.body.clientSecret as string });
    const { code, output } = await runFuzzer(platform.gateway.baseUrl, token, platform.adminToken);
    if (code !== 0) throw new Error(`the fuzzer found what the document does not say (exit ${code}):\n${output}`);
    expect(output).toContain('every one of the document');
  }, FUZZ_TIMEOUT_MS + 30_000);
});
