import { Open311Resource } from '@palembang/open311';
import { validateOpen311Json, validateOpen311XmlDocuments, XmlToValidate } from '@palembang/open311/testing';
import { issueOpen311Key, registerClient, ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

type Fetched = { status: number; contentType: string; body: string };
type Filed = { service_request_id: string; service_notice: string };
type Listed = { service_request_id: string; media_url: string | null; address_id: string | null; address: string | null };

const MEDIA_URL = 'https://lapor.palembang.example/foto/2026/12/lubang-42.jpg';

/**
 * Open311 as client libraries send it, through the gateway to the complaints
 * service (real PostgreSQL and Kafka): empty optional parameters, the api_key
 * in the query string, a request with a title and no description, media_url and
 * address_id kept and answered, and a JSON body refused with a clear error.
 * Every answer is checked against the GeoReport v2 schemas.
 */
describe('Open311 as real clients send it (gateway and complaints processes)', () => {
  let platform: ServicesBehindGateway<'complaints'>;
  let apiKey: string;
  const xmlToValidate: XmlToValidate[] = [];
  const open311 = () => `${platform.gateway.baseUrl}/open311/v2`;
  const secretOf = (key: string) => key.slice(key.indexOf(':') + 1);

  async function get(path: string, resource: Open311Resource, status = 200): Promise<Fetched> {
    const response = await fetch(`${open311()}/${path}`);
    const fetched = { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
    expect({ path, status: fetched.status, body: fetched.status === status ? '' : fetched.body }).toEqual({ path, status, body: '' });
    check(path, fetched, resource);
    return fetched;
  }

  async function post(path: string, fields: Record<string, string>, contentType = 'application/x-www-form-urlencoded', body?: string): Promise<Fetched> {
    const response = await fetch(`${open311()}/${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: body ?? new URLSearchParams(fields).toString() });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
  }

  function check(path: string, fetched: Fetched, resource: Open311Resource): void {
    if (path.split('?')[0].endsWith('.json')) {
      expect(fetched.contentType).toContain('application/json');
      expect({ path, problems: validateOpen311Json(fetched.body, resource) }).toEqual({ path, problems: [] });
    } else {
      expect(fetched.contentType).toContain('text/xml');
      xmlToValidate.push({ xml: fetched.body, resource });
    }
  }

  async function filed(answer: Fetched): Promise<{ id: string; token: string }> {
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 201, body: expect.any(String) });
    expect(validateOpen311Json(answer.body, 'post_answer')).toEqual([]);
    const [created] = JSON.parse(answer.body) as Filed[];
    return { id: created.service_request_id, token: /LPR-[A-Z0-9]{10}/.exec(created.service_notice)?.[0] as string };
  }

  function errorsOf(answer: Fetched, status: number): string[] {
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status, contentType: expect.stringContaining('application/json') });
    expect(validateOpen311Json(answer.body, 'errors')).toEqual([]);
    return (JSON.parse(answer.body) as Array<{ code: number; description: string }>).map((error) => `${error.code} ${error.description}`);
  }

  beforeAll(async () => {
    platform = await startBehindGateway(['complaints']);
    const credentials = await registerClient(platform.gateway.baseUrl, platform.adminToken, 'dinas-kominfo', ['complaints:write']);
    apiKey = await issueOpen311Key(platform.gateway.baseUrl, platform.adminToken, credentials.clientId);
  }, 180_000);

  afterAll(async () => {
    const gatewayDatabase = platform?.gateway.databaseUrl;
    expect(await platform?.stop()).toEqual([0, 0]);
    if (gatewayDatabase) {
      // Stopped, so the audit's last batch is written: it holds route patterns, never the key.
      const db = new Client({ connectionString: gatewayDatabase });
      await db.connect();
      try {
        const { rows } = await db.query<{ route: string | null; row: string }>(`SELECT route, row_to_json(a)::text AS row FROM gateway_audit a WHERE route LIKE '/open311/%'`);
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.filter(({ row }) => row.includes(secretOf(apiKey)))).toEqual([]);
      } finally {
        await db.end();
      }
    }
    const problems = validateOpen311XmlDocuments(xmlToValidate);
    expect(problems.map((found, index) => ({ index, found })).filter(({ found }) => found.length > 0)).toEqual([]);
  });

  it('treats an empty optional parameter as absent on every route, jurisdiction_id= included, in the query and the form', async () => {
    const { id, token } = await filed(
      await post('requests.json', {
        api_key: apiKey,
        jurisdiction_id: '',
        service_code: 'JALAN-RUSAK',
        lat: '',
        long: '',
        address_string: 'Jl. Sudirman, Palembang',
        address_id: '',
        email: '',
        device_id: '',
        account_id: '',
        first_name: '',
        last_name: '',
        phone: '',
        media_url: '',
        description: 'Lubang dalam di depan pasar.',
        'attribute[intake_type]': '',
      }),
    );
    const empty = 'jurisdiction_id=';
    await get(`discovery.json?${empty}`, 'discovery');
    await get(`discovery.xml?${empty}`, 'discovery');
    await get(`services.json?${empty}`, 'services');
    await get(`services/JALAN-RUSAK.xml?${empty}`, 'service_definition');
    await get(`requests/${id}.json?${empty}`, 'service_requests');
    await get(`tokens/${token}.json?${empty}`, 'token_answer');
    const listed = JSON.parse((await get(`requests.json?${empty}&service_request_id=&service_code=&status=&start_date=&end_date=`, 'service_requests')).body) as Listed[];
    expect(listed.map((request) => request.service_request_id)).toContain(id);
    await get(`requests.xml?${empty}&status=`, 'service_requests');
    // Still: another jurisdiction is not served here.
    await get('services.json?jurisdiction_id=jakarta.go.id', 'errors', 404);
  });

  it('takes the api_key in the query string as well as in the form, and lets it reach neither the service nor the logs', async () => {
    const fields = { service_code: 'SAMPAH-LINGKUNGAN', address_string: 'Pasar 16 Ilir', description: 'Sampah menumpuk' };
    const { id } = await filed(await post(`requests.json?api_key=${encodeURIComponent(apiKey)}`, fields));
    await get(`requests/${id}.json`, 'service_requests');
    expect(errorsOf(await post(`requests.json?api_key=${encodeURIComponent(`${apiKey}x`)}`, fields), 403)).toHaveLength(1);
    expect(errorsOf(await post('requests.json?api_key=', fields), 403)).toHaveLength(1);
    expect(platform.gateway.output()).not.toContain(secretOf(apiKey));
    expect(platform.services.complaints.output()).not.toContain(secretOf(apiKey));
  });

  it('files a request with a title and no description, and refuses one with neither, naming what is missing', async () => {
    const { id } = await filed(await post('requests.json', { api_key: apiKey, service_code: 'JALAN-RUSAK', address_string: 'Jl. Kapten Rivai', 'attribute[title]': 'Jalan berlubang' }));
    await get(`requests/${id}.json`, 'service_requests');
    const refused = errorsOf(await post('requests.json', { api_key: apiKey, service_code: 'JALAN-RUSAK', address_string: 'Jl. Kapten Rivai', description: ' ', 'attribute[intake_type]': 'complaint' }), 400);
    expect(refused).toEqual([expect.stringMatching(/^400 .*description.*attribute\[title\]/)]);
    const xml = await post('requests.xml', { api_key: apiKey, service_code: 'JALAN-RUSAK', address_string: 'Jl. Kapten Rivai' });
    expect(xml.status).toBe(400);
    expect(xml.body).toContain('attribute[title]');
    xmlToValidate.push({ xml: xml.body, resource: 'errors' });
  });

  it('keeps a posted media_url and address_id and answers them with the request and in lists, unless the report is anonymous', async () => {
    const named = await filed(
      await post('requests.json', { api_key: apiKey, service_code: 'JALAN-RUSAK', address_id: 'PLG-ILIR-BARAT-I-0042', description: 'Lubang', first_name: 'Rina', media_url: MEDIA_URL }),
    );
    const [one] = JSON.parse((await get(`requests/${named.id}.json`, 'service_requests')).body) as Listed[];
    expect(one).toEqual(expect.objectContaining({ media_url: MEDIA_URL, address_id: 'PLG-ILIR-BARAT-I-0042' }));
    const [listed] = JSON.parse((await get(`requests.json?service_request_id=${named.id}`, 'service_requests')).body) as Listed[];
    expect(listed).toEqual(expect.objectContaining({ media_url: MEDIA_URL, address_id: 'PLG-ILIR-BARAT-I-0042' }));
    const searched = JSON.parse((await get('requests.json?service_code=JALAN-RUSAK', 'service_requests')).body) as Listed[];
    expect(searched.find((request) => request.service_request_id === named.id)).toEqual(expect.objectContaining({ media_url: MEDIA_URL }));
    const xml = await get(`requests/${named.id}.xml`, 'service_requests');
    expect(xml.body).toContain(`<media_url>${MEDIA_URL}</media_url>`);
    expect(xml.body).toContain('<address_id>PLG-ILIR-BARAT-I-0042</address_id>');

    const anonymous = await filed(await post('requests.json', { api_key: apiKey, service_code: 'JALAN-RUSAK', address_string: 'Jl. Sudirman', description: 'Lubang', media_url: MEDIA_URL }));
    const [hidden] = JSON.parse((await get(`requests/${anonymous.id}.json`, 'service_requests')).body) as Listed[];
    expect(hidden).toEqual(expect.objectContaining({ media_url: null, address_id: null, address: null }));
  });

  it('forgets the media_url and address_id with the reporter: sealed under their key, they read as null once it is erased', async () => {
    const account = `erasure-${randomUUID().slice(0, 8)}`;
    const { id } = await filed(
      await post('requests.json', { api_key: apiKey, service_code: 'JALAN-RUSAK', address_id: 'PLG-ILIR-BARAT-I-0099', description: 'Lubang', first_name: 'Rina', account_id: account, media_url: MEDIA_URL }),
    );
    const [before] = JSON.parse((await get(`requests/${id}.json`, 'service_requests')).body) as Listed[];
    expect(before).toEqual(expect.objectContaining({ media_url: MEDIA_URL, address_id: 'PLG-ILIR-BARAT-I-0099' }));
    const forgotten = await fetch(`${platform.gateway.baseUrl}/v1/complaints/reporters/${encodeURIComponent(`open311:${account}`)}/forget`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.adminToken}` },
    });
    expect(forgotten.status).toBe(200);
    const [after] = JSON.parse((await get(`requests/${id}.json`, 'service_requests')).body) as Listed[];
    expect(after).toEqual(expect.objectContaining({ media_url: null, address_id: null }));
  });

  it('refuses a media_url that is not an http(s) link or is too long', async () => {
    const base = { api_key: apiKey, service_code: 'JALAN-RUSAK', address_string: 'Jl. Sudirman', description: 'Lubang' };
    expect(errorsOf(await post('requests.json', { ...base, media_url: 'ftp://lapor.example/foto.jpg' }), 400)).toEqual([expect.stringContaining('media_url')]);
    expect(errorsOf(await post('requests.json', { ...base, media_url: `https://lapor.example/${'a'.repeat(2048)}` }), 400)).toEqual([expect.stringContaining('media_url')]);
  });

  it('answers a JSON body with a 400 GeoReport error naming the one supported content type, before looking at the key', async () => {
    const json = JSON.stringify({ api_key: apiKey, service_code: 'JALAN-RUSAK', address_string: 'Jl. Sudirman', description: 'Lubang' });
    expect(errorsOf(await post('requests.json', {}, 'application/json', json), 400)).toEqual([expect.stringContaining('application/x-www-form-urlencoded')]);
    expect(errorsOf(await post('requests.json', {}, 'application/json', JSON.stringify({ service_code: 'JALAN-RUSAK' })), 400)).toEqual([expect.stringContaining('application/json')]);
    const xml = await post('requests.xml', {}, 'application/json', json);
    expect(xml.status).toBe(400);
    expect(xml.body).toContain('application/x-www-form-urlencoded');
    xmlToValidate.push({ xml: xml.body, resource: 'errors' });
  });
});
