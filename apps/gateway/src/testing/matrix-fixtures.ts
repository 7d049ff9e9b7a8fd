import { accessToken, callApi, Credentials } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';

/** The owning agency of the fixtures, another agency, and the agencies some operations belong to by nature. */
export const OWNER = 'dinas-pupr';
export const OTHER = 'dinas-kesehatan';
export const PLATFORM = 'pemkot-palembang';
export const BKPSDM = 'bkpsdm';
export const DESK = 'dinas-kominfo';

export const LMS_HOME = 'https://lms.palembang.go.id';
const LMS_ACTIVITIES = `${LMS_HOME}/xapi/activities`;

/** People of the owning agency, written so that any answer holding them is easy to spot. */
export const PEOPLE = {
  applicant: { applicantId: `matrix-applicant-${randomUUID().slice(0, 8)}`, nik: '1671011708900001', name: 'Raden Matriks Pemohon', phone: '0812-9999-4242', email: 'pemohon.matriks@example.id', address: 'Jl. Matriks Pemohon No. 42, Palembang' },
  reporter: { reporterId: `matrix-reporter-${randomUUID().slice(0, 8)}`, name: 'Cik Matriks Pelapor', nik: '1671011708900002', phone: '0812-9999-4343', email: 'pelapor.matriks@example.id' },
  civilServant: { nip: '198503122010011042', name: 'Kemas Matriks Aparatur' },
  student: { studentId: 'MTX-09011282126042', studentName: 'Mang Matriks Magang' },
  /** A learner of the owning agency's LMS who is no civil servant, known by a mailbox. */
  learner: { name: 'Nyayu Matriks Peserta', mbox: 'mailto:peserta.matriks@example.id' },
  /**
   * A reporter whose complaint the desk has not routed yet, so the desk alone holds them and may forget them
   * (a routed reporter is held by the desk and the agency: only agencies:all forgets them).
   */
  deskReporter: { reporterId: `matrix-desk-reporter-${randomUUID().slice(0, 8)}`, name: 'Cik Matriks Menunggu', nik: '1671011708900003', phone: '0812-9999-4444', email: 'menunggu.matriks@example.id' },
} as const;

export type Registered = { credentials: Credentials; token: string; agencyId: string; scopes: string[] };

/** Clients registered through the admin API, one per agency and set of scopes. */
export class MatrixClients {
  private readonly registered = new Map<string, Promise<Registered>>();
  private readonly apiCredentials = new Map<string, Promise<Credentials | undefined>>();

  constructor(
    private readonly baseUrl: string,
    private readonly adminToken: string,
  ) {}

  get(agencyId: string, scopes: readonly string[]): Promise<Registered> {
    const sorted = [...new Set(scopes)].sort();
    const key = `${agencyId}|${sorted.join(' ')}`;
    let client = this.registered.get(key);
    if (!client) {
      client = this.register(agencyId, sorted);
      this.registered.set(key, client);
    }
    return client;
  }

  /** The ids of the clients registered so far for the agency. */
  async idsOf(agencyId: string): Promise<string[]> {
    const all = await Promise.all([...this.registered.values()]);
    return all.filter((client) => client.agencyId === agencyId).map((client) => client.credentials.clientId);
  }

  /**
   * The client's credential of an API (an Open311 key, an xAPI login) as id and
   * secret, issued once through the admin API; undefined when the client holds
   * no scope of that API, and then it has nothing but its OAuth secret to send,
   * which those APIs refuse.
   */
  apiCredential(client: Registered, api: 'open311' | 'xapi'): Promise<Credentials | undefined> {
    const key = `${client.credentials.clientId}|${api}`;
    let issued = this.apiCredentials.get(key);
    if (!issued) {
      issued = this.issue(client.credentials.clientId, api).catch(() => undefined);
      this.apiCredentials.set(key, issued);
    }
    return issued;
  }

  /** Issues a credential of the API to the client; its id and secret. */
  async issue(clientId: string, api: 'open311' | 'xapi'): Promise<Credentials> {
    const answer = await callApi(this.baseUrl, this.adminToken, 'POST', `/v1/admin/clients/${clientId}/${api === 'open311' ? 'open311-keys' : 'xapi-credentials'}`);
    if (answer.status !== 201) throw new Error(`no ${api} credential: ${answer.status} ${JSON.stringify(answer.body)}`);
    if (api === 'xapi') return { clientId: answer.body.username as string, clientSecret: answer.body.password as string };
    const apiKey = answer.body.apiKey as string;
    return { clientId: apiKey.slice(0, apiKey.indexOf(':')), clientSecret: apiKey.slice(apiKey.indexOf(':') + 1) };
  }

  /** A client of its own (never cached): the target of an admin action. */
  async fresh(agencyId: string, scopes: readonly string[]): Promise<Registered> {
    return this.register(agencyId, [...scopes]);
  }

  private async register(agencyId: string, scopes: string[]): Promise<Registered> {
    const answer = await callApi(this.baseUrl, this.adminToken, 'POST', '/v1/admin/clients', { body: { name: `matrix ${agencyId}`, agencyId, scopes } });
    if (answer.status !== 201) throw new Error(`client not created: ${answer.status} ${JSON.stringify(answer.body)}`);
    const credentials = { clientId: answer.body.clientId as string, clientSecret: answer.body.clientSecret as string };
    return { credentials, token: await accessToken(this.baseUrl, credentials), agencyId, scopes };
  }
}

/** The owning agency's records, created through the gateway as its systems would. */
export interface MatrixRecords {
  applicationId: string;
  applicationTracking: string;
  complaintId: string;
  complaintTracking: string;
  programId: string;
  cohortId: string;
  partnerId: string;
  agreementId: string;
  internshipId: string;
  projectId: string;
  recommendationId: string;
  statementId: string;
}

async function expectCreated(answer: Promise<Awaited<ReturnType<typeof callApi>>>, what: string): Promise<Record<string, unknown>> {
  const settled = await answer;
  if (settled.status < 200 || settled.status >= 300) throw new Error(`fixture ${what}: ${settled.status} ${JSON.stringify(settled.body)}`);
  return settled.body;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export function basicAuth(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`).toString('base64')}`;
}

/** A completion of the owning agency's program by its civil servant. */
export function statementOf(programActivity: string, id?: string): Record<string, unknown> {
  return {
    ...(id ? { id } : {}),
    actor: { objectType: 'Agent', name: PEOPLE.civilServant.name, account: { homePage: LMS_HOME, name: PEOPLE.civilServant.nip } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
    object: { objectType: 'Activity', id: programActivity },
    result: { completion: true, success: true },
  };
}

export const programActivity = (programCode: string) => `${LMS_ACTIVITIES}/${programCode.toLowerCase()}`;

/**
 * One record of each kind for the owning agency (dinas-pupr): a permit
 * application, a complaint routed to it by the desk, a program with a cohort
 * and its civil servant enrolled, an internship and a research project under a
 * BKPSDM partnership, and an xAPI statement of its learning system.
 */
export async function createRecords(baseUrl: string, clients: MatrixClients): Promise<MatrixRecords & { programCode: string }> {
  const as = async (agencyId: string, scopes: string[]) => (await clients.get(agencyId, scopes)).token;
  const post = async (agencyId: string, scopes: string[], path: string, body: unknown) => expectCreated(callApi(baseUrl, await as(agencyId, scopes), 'POST', path, { body }), `POST ${path}`);
  const permits = ['permits:read', 'permits:write'];
  const complaints = ['complaints:read', 'complaints:write'];
  const training = ['training:read', 'training:write'];

  const application = await post(OWNER, permits, '/v1/permit-applications', {
    permitTypeCode: 'PBG',
    applicant: PEOPLE.applicant,
    documents: ['ktp', 'bukti-kepemilikan-tanah', 'pkkpr', 'gambar-arsitektur', 'gambar-struktur', 'gambar-utilitas'],
  });
  const complaint = await post(PLATFORM, [...complaints, 'agencies:all'], '/v1/complaints', {
    intakeType: 'complaint',
    channel: 'web',
    categoryCode: 'JALAN-RUSAK',
    title: 'Jalan berlubang (uji matriks)',
    description: 'Lubang besar di lajur kiri sejak seminggu.',
    location: { latitude: -2.9761, longitude: 104.7454 },
    address: 'Jl. Demang Lebar Daun, Palembang',
    reporter: PEOPLE.reporter,
    anonymous: false,
  });
  const complaintId = complaint.complaintId as string;
  await post(DESK, complaints, `/v1/complaints/${complaintId}/verify`, { agencyId: OWNER });
  await post(PLATFORM, [...complaints, 'agencies:all'], '/v1/complaints', {
    intakeType: 'complaint', channel: 'web', categoryCode: 'JALAN-RUSAK', title: 'Jalan retak (uji matriks)', description: 'Retak memanjang.',
    location: { latitude: -2.9762, longitude: 104.7455 }, address: 'Jl. Demang Lebar Daun, Palembang', reporter: PEOPLE.deskReporter, anonymous: false,
  });

  await post(BKPSDM, training, '/v1/civil-servants', { nip: PEOPLE.civilServant.nip, name: PEOPLE.civilServant.name, agencyId: OWNER });
  const programCode = `MTX-${randomUUID().slice(0, 6).toUpperCase()}`;
  const program = await post(OWNER, training, '/v1/training-programs', {
    code: programCode, title: 'Uji Matriks Otorisasi', competencyArea: 'technical', jp: 24, deliveryMode: 'blended',
    provider: { kind: 'agency', id: OWNER }, description: 'Matriks', xapiActivityIds: [programActivity(programCode)],
  });
  const programId = program.programId as string;
  const cohort = await post(OWNER, training, `/v1/training-programs/${programId}/cohorts`, { startsOn: day(14), endsOn: day(14), capacity: 10, sessions: [{ sessionId: 's1', date: day(14) }] });
  const cohortId = cohort.cohortId as string;
  await post(OWNER, training, `/v1/cohorts/${cohortId}/enrolments`, { nip: PEOPLE.civilServant.nip });

  const partner = await post(BKPSDM, training, '/v1/partners', { name: 'Universitas Matriks', kind: 'university' });
  const partnerId = partner.partnerId as string;
  const signed = await post(BKPSDM, training, `/v1/partners/${partnerId}/agreements`, { scope: ['internship', 'research'], validFrom: day(-30), validUntil: day(700) });
  const agreementId = (signed.agreements as Array<{ agreementId: string }>)[0].agreementId;
  const internship = await post(OWNER, training, '/v1/internships', { partnerId, agreementId, ...PEOPLE.student, supervisorNip: PEOPLE.civilServant.nip, startsOn: day(0), endsOn: day(60) });
  const project = await post(OWNER, training, '/v1/research-projects', { partnerId, agreementId, title: 'Kepuasan layanan PBG (matriks)', kind: 'satisfaction-study' });
  const projectId = project.projectId as string;
  await post(BKPSDM, training, `/v1/research-projects/${projectId}/findings`, { summary: 'IKM 74,2 (C)' });
  const recommended = await post(BKPSDM, training, `/v1/research-projects/${projectId}/recommendations`, { text: 'Sediakan pelacakan daring' });
  const recommendationId = (recommended.recommendations as Array<{ recommendationId: string }>)[0].recommendationId;

  const lms = await clients.issue((await clients.get(OWNER, training)).credentials.clientId, 'xapi');
  const stored = await fetch(`${baseUrl}/xapi/statements`, {
    method: 'POST',
    headers: { authorization: basicAuth(lms), 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' },
    body: JSON.stringify([statementOf(programActivity(programCode)), { ...statementOf(programActivity(programCode)), actor: { objectType: 'Agent', ...PEOPLE.learner } }]),
  });
  if (stored.status !== 200) throw new Error(`fixture xAPI statements: ${stored.status} ${await stored.text()}`);
  const [statementId] = (await stored.json()) as string[];

  return {
    applicationId: application.applicationId as string,
    applicationTracking: application.trackingCode as string,
    complaintId,
    complaintTracking: complaint.trackingCode as string,
    programId,
    programCode,
    cohortId,
    partnerId,
    agreementId,
    internshipId: internship.internshipId as string,
    projectId,
    recommendationId,
    statementId,
  };
}
