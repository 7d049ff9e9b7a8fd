import { ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { Client } from 'pg';
import { act, call, Caller, pothole, reporter } from '../../testing/complaints';

/** Issue 12, point 2 and review 1.1: an agency forgets only reporters of complaints it alone holds, and every forget is on record. */
describe('forgetting a reporter (gateway and complaints processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'complaints'>;
  let portal: Caller;
  let desk: Caller;
  let deskAdmin: Caller;
  let puprAdmin: Caller;
  let dishubAdmin: Caller;
  let db: Client;
  const url = () => platform.gateway.baseUrl;
  const client = async (agencyId: string, scopes: string[]): Promise<Caller> => ({ token: await platform.tokenFor(agencyId, scopes), agencyId });
  const forget = (caller: Caller, reporterId: string) => call(url(), caller, 'POST', `/v1/complaints/reporters/${reporterId}/forget`);
  const detailOf = async (id: string) => (await call(url(), portal, 'GET', `/v1/complaints/${id}`)).body;
  const submit = async (body: Record<string, unknown>) => {
    const answer = await call(url(), portal, 'POST', '/v1/complaints', { body });
    if (answer.status !== 201) throw new Error(`not filed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.complaintId as string;
  };

  beforeAll(async () => {
    platform = await startBehindGateway(['complaints']);
    portal = await client('pemkot-palembang', ['complaints:read', 'complaints:write', 'agencies:all']);
    desk = await client('dinas-kominfo', ['complaints:read', 'complaints:write']);
    deskAdmin = await client('dinas-kominfo', ['admin']);
    puprAdmin = await client('dinas-pupr', ['admin']);
    dishubAdmin = await client('dinas-perhubungan', ['admin']);
    db = new Client({ connectionString: platform.services.complaints.databaseUrl });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  it("gives another agency the 404 of an unknown reporter; once routed, neither the desk nor the routed agency forgets alone (erasing is for both), agencies:all does", async () => {
    const person = reporter({ name: 'Yusuf Maulana' });
    const id = await submit(pothole({ reporter: person }));
    expect((await forget(puprAdmin, person.reporterId)).status).toBe(404); // still with the desk
    await act(url(), desk, id, 'verify', {}); // a road matter: routed to Dinas PUPR

    const refused = await forget(dishubAdmin, person.reporterId);
    const unknown = await forget(dishubAdmin, 'citizen-never-seen');
    expect(refused.status).toBe(404);
    const shape = (answer: typeof refused, reporterId: string) => JSON.stringify({ ...answer.body, correlationId: undefined }).replaceAll(reporterId, '<id>');
    expect(shape(refused, person.reporterId)).toEqual(shape(unknown, 'citizen-never-seen'));
    expect((await detailOf(id)).reporter).toMatchObject({ name: 'Yusuf Maulana' });

    // Both hold the case: each is told another agency does too (409, not naming it); unlinked Dishub still gets the 404 above.
    const routedAgency = await forget(puprAdmin, person.reporterId);
    expect(routedAgency.body).toMatchObject({ status: 409, code: 'PERSONAL_DATA.SUBJECT_HELD_BY_ANOTHER_AGENCY' });
    expect(JSON.stringify(routedAgency.body)).not.toContain('dinas-kominfo');
    expect((await forget(deskAdmin, person.reporterId)).status).toBe(409);
    expect((await detailOf(id)).reporter).toMatchObject({ name: 'Yusuf Maulana' });
    const forgotten = await forget(await client('pemkot-palembang', ['admin', 'agencies:all']), person.reporterId);
    expect(forgotten.status).toBe(200);
    expect(forgotten.body).toEqual({ erasedKeys: 1 });
    expect((await detailOf(id)).reporter).toMatchObject({ name: { erased: true } });
  });

  it("does not let the agency an anonymous complaint was routed to probe or erase its reporter; the desk may", async () => {
    const person = reporter({ name: 'Anonim Warga' });
    const id = await submit(pothole({ reporter: person, anonymous: true }));
    await act(url(), desk, id, 'verify', {});
    expect((await forget(puprAdmin, person.reporterId)).status).toBe(404);
    expect((await forget(deskAdmin, person.reporterId)).body).toEqual({ erasedKeys: 1 });
  });

  it('records every request, granted or refused, with client, agency and time, naming the reporter by a keyed reference only', async () => {
    const person = reporter({ name: 'Rina Marlina', nik: '1671015505850003' });
    await submit(pothole({ reporter: person }));
    await forget(dishubAdmin, person.reporterId);
    await forget(deskAdmin, person.reporterId);
    const rows: Array<Record<string, unknown>> = (await db.query('SELECT * FROM es_subject_erasures ORDER BY id DESC LIMIT 2')).rows;
    expect(rows[1]).toMatchObject({ requested_by_agency: 'dinas-perhubungan', outcome: 'refused', erased_keys: 0, all_agencies: false, requested_by_client: expect.any(String), requested_at: expect.any(Date) });
    expect(rows[0]).toMatchObject({ requested_by_agency: 'dinas-kominfo', outcome: 'erased', erased_keys: 1 });
    expect(rows[0].subject_id).toBe(rows[1].subject_id);
    expect(rows[0].subject_id).toMatch(/^[0-9a-f]{64}$/);
    const everything = JSON.stringify((await db.query('SELECT * FROM es_subject_erasures')).rows);
    expect(everything).not.toContain(person.reporterId);
    expect(everything).not.toContain(person.nik);
  });
});
