import { validateOpen311Json, validateOpen311XmlDocuments } from '@palembang/open311/testing';
import { issueOpen311Key, registerClient, ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

type Answer = { status: number; contentType: string; body: string; replayed: string | null };

/**
 * An Open311 client that retries a POST with the same Idempotency-Key (the
 * network dropped the first answer) gets exactly the first answer again, in
 * the format it asked for, and files one request, not two.
 */
describe('Open311 POST retried with the same Idempotency-Key (gateway and complaints processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'complaints'>;
  let apiKey: string;
  /** Another Open311 client's key, of another agency. */
  let otherApiKey: string;
  let db: Client;

  beforeAll(async () => {
    platform = await startBehindGateway(['complaints']);
    const credentials = await registerClient(platform.gateway.baseUrl, platform.adminToken, 'dinas-kominfo', ['complaints:write']);
    apiKey = await issueOpen311Key(platform.gateway.baseUrl, platform.adminToken, credentials.clientId);
    const other = await registerClient(platform.gateway.baseUrl, platform.adminToken, 'dinas-pupr', ['complaints:write']);
    otherApiKey = await issueOpen311Key(platform.gateway.baseUrl, platform.adminToken, other.clientId);
    db = new Client({ connectionString: platform.services.complaints.databaseUrl });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  async function post(format: 'xml' | 'json', key: string, fields: Record<string, string>, api_key = apiKey): Promise<Answer> {
    const response = await fetch(`${platform.gateway.baseUrl}/open311/v2/requests.${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key },
      body: new URLSearchParams({ api_key, ...fields }).toString(),
    });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text(), replayed: response.headers.get('idempotent-replayed') };
  }

  const report = (mark: string) => ({ service_code: 'SAMPAH-LINGKUNGAN', address_string: `Pasar 16 Ilir ${mark}`, description: `Sampah menumpuk ${mark}`, account_id: `fixmystreet-${mark}` });
  const withoutReplayFlag = ({ replayed: _replayed, ...answer }: Answer) => answer;

  it.each(['json', 'xml'] as const)('replays the first %s answer: same status, content type and body, marked Idempotent-Replayed', async (format) => {
    const key = randomUUID();
    const fields = report(key.slice(0, 8));
    const first = await post(format, key, fields);
    expect(first.status).toBe(201);
    expect(first.replayed).toBeNull();
    expect(first.contentType).toContain(format === 'json' ? 'application/json' : 'text/xml');

    const retry = await post(format, key, fields);
    expect(retry.replayed).toBe('true');
    expect(withoutReplayFlag(retry)).toEqual(withoutReplayFlag(first));
    if (format === 'json') expect(validateOpen311Json(retry.body, 'post_answer')).toEqual([]);
    else expect(validateOpen311XmlDocuments([{ xml: retry.body, resource: 'post_answer' }])).toEqual([[]]);

    // One request filed: the answer names it, and the id is the one of the first answer.
    const id = format === 'json' ? (JSON.parse(first.body) as Array<{ service_request_id: string }>)[0].service_request_id : /<service_request_id>([^<]+)<\/service_request_id>/.exec(first.body)?.[1];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await fetch(`${platform.gateway.baseUrl}/open311/v2/requests/${id}.json`);
    expect(read.status).toBe(200);
  }, 60_000);

  it('files one request for a retried POST, and refuses the key with another request (a GeoReport error, 400 as the specification has for a 422)', async () => {
    const key = randomUUID();
    const mark = key.slice(0, 8);
    const before = await complaintCount();
    expect((await post('json', key, report(mark))).status).toBe(201);
    expect((await post('json', key, report(mark))).replayed).toBe('true');
    expect(await complaintCount()).toBe(before + 1);

    const reused = await post('json', key, { ...report(mark), description: 'Sesuatu yang lain' });
    expect(reused.status).toBe(400);
    expect(reused.contentType).toContain('application/json');
    expect(validateOpen311Json(reused.body, 'errors')).toEqual([]);
    expect(reused.body).toContain('Idempotency-Key');
  }, 60_000);

  it("never answers another client with a stored answer: the same key and request from another api_key files its own", async () => {
    const key = randomUUID();
    const fields = report(key.slice(0, 8));
    const mine = await post('json', key, fields);
    const theirs = await post('json', key, fields, otherApiKey);
    expect(theirs.status).toBe(201);
    expect(theirs.replayed).toBeNull();
    expect(theirs.body).not.toBe(mine.body);
  }, 60_000);

  /** Complaints filed so far in this test's own complaints database. */
  async function complaintCount(): Promise<number> {
    const { rows } = await db.query<{ n: number }>(`SELECT count(DISTINCT stream_id)::int AS n FROM es_events WHERE stream_id LIKE 'complaint-%'`);
    return rows[0].n;
  }
});
