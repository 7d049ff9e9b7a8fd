import { Open311Resource } from '@palembang/open311';
import { validateOpen311Json, validateOpen311XmlDocuments, XmlToValidate } from '@palembang/open311/testing';
import { issueOpen311Key, registerClient, ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { act, call, Caller, pothole } from '../testing/complaints';

type Fetched = { status: number; contentType: string; body: string };

/**
 * An Open311 GeoReport v2 client against the gateway: discovery, services, a
 * definition, filing a request with an api_key, the token, and the request
 * followed to closed, in XML and JSON, every answer validated against the
 * GeoReport v2 schemas (XSD for XML, JSON Schema for JSON).
 */
describe('Open311 GeoReport v2 through the gateway (gateway and complaints processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'complaints'>;
  let apiKey: string;
  /** The reporting app's OAuth client id and secret, which must not work as an api_key. */
  let oauthSecretAsKey: string;
  let desk: Caller;
  let pupr: Caller;
  let portal: Caller;
  const xmlToValidate: XmlToValidate[] = [];
  const open311 = () => `${platform.gateway.baseUrl}/open311/v2`;

  async function get(path: string, resource: Open311Resource, status = 200): Promise<Fetched> {
    const response = await fetch(`${open311()}/${path}`);
    const fetched = { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
    expect({ path, status: fetched.status }).toEqual({ path, status });
    collect(path, fetched, resource);
    return fetched;
  }

  async function post(format: 'xml' | 'json', fields: Record<string, string>): Promise<Fetched> {
    const response = await fetch(`${open311()}/requests.${format}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
  }

  /** JSON is validated at once; XML is gathered and validated in one JVM at the end. */
  function collect(path: string, fetched: Fetched, resource: Open311Resource): void {
    if (path.split('?')[0].endsWith('.json')) {
      expect(fetched.contentType).toContain('application/json');
      expect({ path, problems: validateOpen311Json(fetched.body, resource) }).toEqual({ path, problems: [] });
    } else {
      expect(fetched.contentType).toContain('text/xml');
      xmlToValidate.push({ xml: fetched.body, resource });
    }
  }

  beforeAll(async () => {
    platform = await startBehindGateway(['complaints']);
    const client = async (agencyId: string, scopes: string[]): Promise<Caller> => ({ token: await platform.tokenFor(agencyId, scopes), agencyId });
    const credentials = await registerClient(platform.gateway.baseUrl, platform.adminToken, 'dinas-kominfo', ['complaints:write']);
    apiKey = await issueOpen311Key(platform.gateway.baseUrl, platform.adminToken, credentials.clientId);
    oauthSecretAsKey = `${credentials.clientId}:${credentials.clientSecret}`;
    desk = await client('dinas-kominfo', ['complaints:read', 'complaints:write']);
    pupr = await client('dinas-pupr', ['complaints:read', 'complaints:write']);
    portal = await client('pemkot-palembang', ['complaints:read', 'complaints:write', 'agencies:all']);
  }, 180_000);

  afterAll(async () => {
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  it('lets a client discover the endpoint, list services, read a definition, file a request and follow it to closed, in XML and JSON', async () => {
    const discovery = await get('discovery.json', 'discovery');
    expect(JSON.parse(discovery.body).endpoints[0]).toEqual(expect.objectContaining({ specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringContaining('/open311/v2') }));
    await get('discovery.xml', 'discovery');
    const services = JSON.parse((await get('services.json', 'services')).body) as Array<{ service_code: string; group: string }>;
    expect(services).toContainEqual(expect.objectContaining({ service_code: 'JALAN-RUSAK', group: 'dinas-pupr' }));
    await get('services.xml', 'services');
    const definition = JSON.parse((await get('services/JALAN-RUSAK.json', 'service_definition')).body);
    expect(definition.attributes.map((attribute: { code: string }) => attribute.code)).toEqual(['intake_type', 'anonymous', 'title']);
    await get('services/JALAN-RUSAK.xml', 'service_definition');

    const filed = await post('json', {
      api_key: apiKey,
      jurisdiction_id: 'palembang.go.id',
      service_code: 'JALAN-RUSAK',
      lat: '-2.9761',
      long: '104.7454',
      address_string: 'Jl. Sudirman, Palembang',
      description: 'Lubang dalam di depan pasar, sudah dua minggu.',
      first_name: 'Rina',
      last_name: 'Wati',
      phone: '0812-7300-5555',
      account_id: 'fixmystreet-42',
      'attribute[intake_type]': 'complaint',
      'attribute[anonymous]': 'no',
    });
    expect(filed.status).toBe(201);
    expect(validateOpen311Json(filed.body, 'post_answer')).toEqual([]);
    const [created] = JSON.parse(filed.body) as Array<{ service_request_id: string; service_notice: string }>;
    const token = /LPR-[A-Z0-9]{10}/.exec(created.service_notice)?.[0] as string;
    const id = created.service_request_id;

    const resolved = JSON.parse((await get(`tokens/${token}.json`, 'token_answer')).body);
    expect(resolved).toEqual([{ service_request_id: id, token }]);
    await get(`tokens/${token}.xml`, 'token_answer');
    const open = JSON.parse((await get(`requests/${id}.json`, 'service_requests')).body);
    expect(open[0]).toEqual(expect.objectContaining({ service_request_id: id, status: 'open', agency_responsible: 'dinas-kominfo', expected_datetime: expect.stringMatching(/\+07:00$/), lat: -2.976 }));

    // The same complaint in the /v1 API: the desk routes it, public works answers, the citizen confirms.
    const v1 = await call(platform.gateway.baseUrl, desk, 'GET', `/v1/complaints/${id}`);
    expect(v1.body).toEqual(expect.objectContaining({ channel: 'open311', reporter: expect.objectContaining({ name: 'Rina Wati' }) }));
    await act(platform.gateway.baseUrl, desk, id, 'verify', {});
    await act(platform.gateway.baseUrl, pupr, id, 'accept');
    await act(platform.gateway.baseUrl, pupr, id, 'resolve', { response: 'Sudah ditambal.' });
    await act(platform.gateway.baseUrl, portal, id, 'confirm');

    const closed = JSON.parse((await get(`requests.json?service_request_id=${id}`, 'service_requests')).body);
    expect(closed[0]).toEqual(expect.objectContaining({ status: 'closed', status_notes: 'Sudah ditambal.', agency_responsible: 'dinas-pupr', expected_datetime: null }));
    await get(`requests/${id}.xml`, 'service_requests');

    // And a complaint filed through /v1 is an Open311 request too.
    const fromV1 = await call(platform.gateway.baseUrl, portal, 'POST', '/v1/complaints', { body: pothole() });
    const listed = JSON.parse((await get('requests.json?service_code=JALAN-RUSAK&status=open', 'service_requests')).body) as Array<{ service_request_id: string; description: null }>;
    expect(listed.map((request) => request.service_request_id)).toContain(fromV1.body.complaintId);
    expect(listed.every((request) => request.description === null)).toBe(true);
    await get('requests.xml?service_code=JALAN-RUSAK', 'service_requests');

    const xmlFiled = await post('xml', { api_key: apiKey, service_code: 'SAMPAH-LINGKUNGAN', address_string: 'Pasar 16 Ilir', description: 'Sampah menumpuk' });
    expect(xmlFiled.status).toBe(201);
    xmlToValidate.push({ xml: xmlFiled.body, resource: 'post_answer' });
  });

  it('answers bad input with GeoReport errors in the format asked, with the specification statuses', async () => {
    const cases: Array<[string, Fetched, number]> = [
      ['no api_key', await post('xml', { service_code: 'JALAN-RUSAK', address_string: 'x', description: 'y' }), 403],
      ['a wrong api_key', await post('json', { api_key: `${apiKey}x`, service_code: 'JALAN-RUSAK', address_string: 'x', description: 'y' }), 403],
      ['the client\'s OAuth secret as api_key', await post('json', { api_key: oauthSecretAsKey, service_code: 'JALAN-RUSAK', address_string: 'x', description: 'y' }), 403],
      ['no location', await post('json', { api_key: apiKey, service_code: 'JALAN-RUSAK', description: 'y' }), 400],
      ['an unknown service', await post('xml', { api_key: apiKey, service_code: 'NOPE', address_string: 'x', description: 'y' }), 404],
      ['a bad attribute value', await post('json', { api_key: apiKey, service_code: 'JALAN-RUSAK', address_string: 'x', description: 'y', 'attribute[intake_type]': 'rant' }), 400],
      ['a bad phone', await post('json', { api_key: apiKey, service_code: 'JALAN-RUSAK', address_string: 'x', description: 'y', first_name: 'A', phone: '12' }), 400],
    ];
    for (const [name, fetched, status] of cases) {
      expect({ name, status: fetched.status }).toEqual({ name, status });
      const format = fetched.contentType.includes('json') ? 'json' : 'xml';
      if (format === 'json') expect({ name, problems: validateOpen311Json(fetched.body, 'errors') }).toEqual({ name, problems: [] });
      else xmlToValidate.push({ xml: fetched.body, resource: 'errors' });
    }
    await get('services/NOPE.json', 'errors', 404);
    await get('requests/00000000-0000-4000-8000-000000000000.xml', 'errors', 404);
    await get('requests.json?start_date=2026-01-01T00:00:00%2B07:00&end_date=2026-06-01T00:00:00%2B07:00', 'errors', 400);
    await get('requests.xml?status=pending', 'errors', 400);
    await get('services.json?jurisdiction_id=jakarta.go.id', 'errors', 404);
    await get('services.yaml', 'errors', 400);
  });

  afterAll(() => {
    const problems = validateOpen311XmlDocuments(xmlToValidate);
    expect(problems.map((found, index) => ({ index, found })).filter(({ found }) => found.length > 0)).toEqual([]);
    expect(xmlToValidate.length).toBeGreaterThan(10);
  });
});
