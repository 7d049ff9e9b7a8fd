import { Client } from 'pg';
import { applicantNamed, submission, submit } from '../../testing/applications';
import { call, Caller, PermitsPlatform, startPermitsPlatform } from '../../testing/platform';

type ErasureRow = { subject_id: string; requested_by_client: string; requested_by_agency: string; all_agencies: boolean; outcome: string; erased_keys: number; requested_at: Date };

/** Issue 12, point 2: an agency forgets only its own citizens, and every forget is on record. */
describe('forgetting an applicant (real gateway tokens, PostgreSQL, Kafka)', () => {
  let platform: PermitsPlatform;
  let pariwisata: Caller;
  let pariwisataAdmin: Caller;
  let kesehatanAdmin: Caller;
  let database: Client;
  const url = () => platform.permits.baseUrl;
  const forget = (caller: Caller, applicantId: string) => call(url(), caller, 'POST', `/v1/permit-applications/applicants/${applicantId}/forget`);
  const erasures = async (): Promise<ErasureRow[]> => (await database.query('SELECT * FROM es_subject_erasures ORDER BY id')).rows;

  beforeAll(async () => {
    platform = await startPermitsPlatform();
    pariwisata = await platform.client('dinas-pariwisata', ['permits:read', 'permits:write']);
    pariwisataAdmin = await platform.client('dinas-pariwisata', ['admin']);
    kesehatanAdmin = await platform.client('dinas-kesehatan', ['admin']);
    database = new Client({ connectionString: platform.permits.databaseUrl });
    await database.connect();
  }, 120_000);

  afterAll(async () => {
    await database?.end();
    await platform?.stop();
  });

  it("refuses another agency's admin with the 404 of an unknown applicant, erases nothing, and records the refusal", async () => {
    const applicant = applicantNamed('Rahmat Hidayat');
    const id = (await submit(url(), pariwisata, submission({ applicant }))).body.applicationId as string;

    const refused = await forget(kesehatanAdmin, applicant.applicantId);
    const unknown = await forget(kesehatanAdmin, 'citizen-never-seen');
    expect(refused.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // Nothing tells the other agency that this person has an application elsewhere.
    const shape = (answer: typeof refused, applicantId: string) => JSON.stringify({ ...answer.body, correlationId: undefined }).replaceAll(applicantId, '<id>');
    expect(shape(refused, applicant.applicantId)).toEqual(shape(unknown, 'citizen-never-seen'));

    const detail = await call(url(), pariwisata, 'GET', `/v1/permit-applications/${id}`);
    expect(detail.body.applicant).toMatchObject({ name: 'Rahmat Hidayat', nik: applicant.nik });

    const rows = (await erasures()).filter((row) => row.requested_by_agency === 'dinas-kesehatan');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ outcome: 'refused', erased_keys: 0, all_agencies: false, requested_by_client: expect.any(String) });
  });

  it("lets the applicant's own agency forget them, and records who asked, when and whom by a keyed reference only", async () => {
    const applicant = applicantNamed('Dewi Kartika');
    const id = (await submit(url(), pariwisata, submission({ applicant }))).body.applicationId as string;
    const before = Date.now();

    const forgotten = await forget(pariwisataAdmin, applicant.applicantId);
    expect(forgotten.status).toBe(200);
    expect(forgotten.body).toEqual({ erasedKeys: 1 });
    const detail = await call(url(), pariwisata, 'GET', `/v1/permit-applications/${id}`);
    expect(detail.body.applicant).toMatchObject({ name: { erased: true }, nik: { erased: true } });
    // Forgetting again is harmless: nothing left to erase.
    expect((await forget(pariwisataAdmin, applicant.applicantId)).body).toEqual({ erasedKeys: 0 });

    const rows = (await erasures()).filter((row) => row.requested_by_agency === 'dinas-pariwisata');
    expect(rows[0]).toMatchObject({ outcome: 'erased', erased_keys: 1, all_agencies: false });
    expect(rows[0].subject_id).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].requested_at.getTime()).toBeGreaterThan(before - 60_000);
    const clientIds = new Set(rows.map((row) => row.requested_by_client));
    expect(clientIds.size).toBe(1);
    // The audit names no one in clear.
    const everything = JSON.stringify(await erasures());
    expect(everything).not.toContain(applicant.applicantId);
    expect(everything).not.toContain(applicant.nik);
  });

  it("refuses an agency that submitted an application naming another agency's applicant, and the applicant's agency too; agencies:all may", async () => {
    const applicant = applicantNamed('Nurul Aini');
    const id = (await submit(url(), pariwisata, submission({ applicant }))).body.applicationId as string;
    // Dinas Kesehatan's two steps (review 1.1): an application of its own permit type naming the same applicant, then a forget.
    const kesehatan = await platform.client('dinas-kesehatan', ['permits:read', 'permits:write']);
    expect((await submit(url(), kesehatan, { permitTypeCode: 'SIP-DOKTER', applicant, documents: ['ktp', 'str'] })).status).toBe(201);
    expect((await forget(kesehatanAdmin, applicant.applicantId)).status).toBe(409);
    expect((await call(url(), pariwisata, 'GET', `/v1/permit-applications/${id}`)).body.applicant).toMatchObject({ name: 'Nurul Aini' });
    // Erasing the key would erase the applicant for Dinas Kesehatan too: Dinas Pariwisata cannot decide that alone either,
    // and is told so (review 2 finding 5: not the 404 of an unknown applicant), without naming Dinas Kesehatan.
    const owner = await forget(pariwisataAdmin, applicant.applicantId);
    expect(owner.status).toBe(409);
    expect(owner.body).toMatchObject({ code: 'PERSONAL_DATA.SUBJECT_HELD_BY_ANOTHER_AGENCY' });
    expect(JSON.stringify(owner.body)).not.toContain('kesehatan');
    expect((await forget(platform.admin, applicant.applicantId)).body).toEqual({ erasedKeys: 1 });
    expect((await call(url(), pariwisata, 'GET', `/v1/permit-applications/${id}`)).body.applicant).toMatchObject({ name: { erased: true } });
  });

  it('links an applicant to the agency handling the application, not to a city-wide portal that submitted it', async () => {
    const applicant = applicantNamed('Fitri Handayani');
    const portal = await platform.client('pemkot-palembang', ['permits:read', 'permits:write', 'agencies:all']);
    expect((await submit(url(), portal, submission({ applicant }))).status).toBe(201);
    expect((await forget(await platform.client('pemkot-palembang', ['admin']), applicant.applicantId)).status).toBe(404);
    expect((await forget(pariwisataAdmin, applicant.applicantId)).body).toEqual({ erasedKeys: 1 });
  });

  it('lets a client with agencies:all forget an applicant of any agency', async () => {
    const applicant = applicantNamed('Andi Saputra');
    await submit(url(), pariwisata, submission({ applicant }));
    expect((await forget(platform.admin, applicant.applicantId)).body).toEqual({ erasedKeys: 1 });
    expect((await erasures()).some((row) => row.all_agencies && row.outcome === 'erased')).toBe(true);
  });
});
