import { validateOpen311Json } from '@palembang/open311/testing';
import { ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { act, Caller, call, pothole, reporter } from '../testing/complaints';

/**
 * Issue 12, point 8: public Open311 reads must not re-identify an anonymous reporter.
 * Positions are coarsened to about 100 m; an anonymous report shows no address and no notes.
 */
describe('what public Open311 reads show of a complaint (gateway and complaints processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'complaints'>;
  let portal: Caller;
  let desk: Caller;
  let pupr: Caller;
  const client = async (agencyId: string, scopes: string[]): Promise<Caller> => ({ token: await platform.tokenFor(agencyId, scopes), agencyId });
  const publicRead = async (path: string) => (await fetch(`${platform.gateway.baseUrl}/open311/v2/${path}`)).text();
  const HOME = { latitude: -2.9761493, longitude: 104.7454487 };
  const ADDRESS = 'Lorong Sukarela No. 7 RT 03, depan rumah saya';
  const NOTE = 'Petugas sudah bertemu Ibu pelapor di rumahnya dan menambal lubang.';

  async function fileAndAnswer(anonymous: boolean): Promise<string> {
    const filed = await call(platform.gateway.baseUrl, portal, 'POST', '/v1/complaints', { body: pothole({ anonymous, location: HOME, address: ADDRESS, reporter: reporter() }) });
    if (filed.status !== 201) throw new Error(`not filed: ${filed.status} ${JSON.stringify(filed.body)}`);
    const id = filed.body.complaintId as string;
    await act(platform.gateway.baseUrl, desk, id, 'verify', {});
    await act(platform.gateway.baseUrl, pupr, id, 'accept');
    await act(platform.gateway.baseUrl, pupr, id, 'resolve', { response: NOTE });
    return id;
  }

  beforeAll(async () => {
    platform = await startBehindGateway(['complaints']);
    portal = await client('pemkot-palembang', ['complaints:read', 'complaints:write', 'agencies:all']);
    desk = await client('dinas-kominfo', ['complaints:read', 'complaints:write']);
    pupr = await client('dinas-pupr', ['complaints:read', 'complaints:write']);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('shows an anonymous report at about 100 m, without its address or the notes, in JSON, XML and lists', async () => {
    const id = await fileAndAnswer(true);
    const json = await publicRead(`requests/${id}.json`);
    expect(validateOpen311Json(json, 'service_requests')).toEqual([]);
    const [one] = JSON.parse(json) as Array<Record<string, unknown>>;
    expect(one).toMatchObject({ service_request_id: id, lat: -2.976, long: 104.745, address: null, status_notes: null, description: null });
    const listed = (JSON.parse(await publicRead(`requests.json?service_request_id=${id}`)) as Array<Record<string, unknown>>)[0];
    expect(listed).toMatchObject({ lat: -2.976, long: 104.745, address: null, status_notes: null });
    for (const body of [await publicRead(`requests/${id}.xml`), await publicRead(`requests.json?service_code=JALAN-RUSAK`), await publicRead('requests.xml')]) {
      expect(body).not.toContain('2.9761');
      expect(body).not.toContain('104.7454');
      expect(body).not.toContain('Lorong Sukarela');
      expect(body).not.toContain('Ibu pelapor');
    }
  });

  it('shows the address and notes of a report whose reporter is not anonymous, still at about 100 m', async () => {
    const id = await fileAndAnswer(false);
    const [one] = JSON.parse(await publicRead(`requests/${id}.json`)) as Array<Record<string, unknown>>;
    expect(one).toMatchObject({ lat: -2.976, long: 104.745, address: ADDRESS, status_notes: NOTE });
    expect(await publicRead(`requests/${id}.xml`)).toContain('<lat>-2.976</lat>');
  });

  it('still gives the agency handling the report its exact place', async () => {
    const id = await fileAndAnswer(true);
    const detail = await call(platform.gateway.baseUrl, pupr, 'GET', `/v1/complaints/${id}`);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).toContain('104.7454487');
  });
});
