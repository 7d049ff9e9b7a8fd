import { randomUUID } from 'node:crypto';
import type { DemoClientLike } from './platform-clients';
import { basicLogin, bearer, CommandRecord, Credentials, sendCommand, sleep } from './http';

const LMS_ACTIVITY = 'https://lms.palembang.go.id/xapi/activities/chaos-01';
/** Pause between a virtual client's commands: six clients then send about 12-18 commands a second on this machine. */
const THINK_MS = 250;

export interface Load {
  commands: CommandRecord[];
  /** Ends every virtual client after its current command; resolves when all have. */
  stop(): Promise<void>;
}

interface Actors {
  portal: Credentials;
  permitAgency: Credentials;
  desk: Credentials;
  complaintAgency: Credentials;
  bkpsdm: Credentials;
  lms: Credentials;
}

type Send = (kind: string, service: CommandRecord['service'], path: string, body: unknown, as: Credentials) => Promise<Record<string, unknown> | undefined>;

/** Who sends what: the citizen portal, DPMPTSP (REKLAME permits), the complaints desk, Dinas PUPR (road complaints), BKPSDM and its LMS. */
export function actorsOf(gatewayUrl: string, clients: DemoClientLike[]): Actors {
  const find = (what: string, matches: (client: DemoClientLike) => boolean) => {
    const client = clients.find(matches);
    if (!client) throw new Error(`no demo client for ${what}`);
    return client;
  };
  const agency = (agencyId: string, scope: string) => (client: DemoClientLike) => client.agencyId === agencyId && client.scopes.includes(scope) && !client.scopes.includes('agencies:all');
  const lms = find('the LMS', (client) => client.agencyId === 'bkpsdm' && client.xapi !== undefined).xapi!;
  return {
    portal: bearer(gatewayUrl, find('the citizen portal', (client) => client.scopes.includes('agencies:all') && client.scopes.includes('surveys:write'))),
    permitAgency: bearer(gatewayUrl, find('dpmptsp', agency('dpmptsp', 'permits:write'))),
    desk: bearer(gatewayUrl, find('the complaints desk', (client) => client.agencyId === 'dinas-kominfo' && client.scopes.includes('complaints:read'))),
    complaintAgency: bearer(gatewayUrl, find('dinas-pupr', agency('dinas-pupr', 'complaints:write'))),
    bkpsdm: bearer(gatewayUrl, find('bkpsdm', (client) => client.agencyId === 'bkpsdm' && client.scopes.includes('training:write') && !client.xapi)),
    lms: basicLogin(lms),
  };
}

/** A program the LMS credits and a cohort with room for every enrolment of the run; returns the cohort's id. */
export async function prepareTraining(gatewayUrl: string, actors: Actors, commands: CommandRecord[]): Promise<string> {
  const send = sender(gatewayUrl, commands, () => false);
  const program = await send('setup-program', 'training', '/v1/training-programs', {
    code: 'CHAOS-01', title: 'Ketahanan Layanan Digital', competencyArea: 'digital-services', jp: 4, deliveryMode: 'e-learning',
    provider: { kind: 'agency', id: 'bkpsdm' }, description: 'Program uji ketahanan (chaos run).', xapiActivityIds: [LMS_ACTIVITY],
  }, actors.bkpsdm);
  if (!program) throw new Error('the chaos run could not create its training program');
  const startsOn = jakartaDay(30);
  const cohort = await send('setup-cohort', 'training', `/v1/training-programs/${program.programId as string}/cohorts`, {
    startsOn, endsOn: startsOn, capacity: 1000, sessions: [{ sessionId: 'hari-1', date: startsOn }],
  }, actors.bkpsdm);
  if (!cohort) throw new Error('the chaos run could not schedule its cohort');
  return cohort.cohortId as string;
}

/** `clients` virtual clients, each looping permit, complaint and training scenarios until stopped. */
export function startLoad(gatewayUrl: string, actors: Actors, cohortId: string, documents: string[], clients: number): Load {
  const commands: CommandRecord[] = [];
  let stopping = false;
  const send = sender(gatewayUrl, commands, () => stopping);
  let serial = 0;
  const scenarios = [
    () => permitScenario(send, actors, documents, ++serial),
    () => complaintScenario(send, actors, ++serial),
    () => trainingScenario(send, actors, cohortId, ++serial),
  ];
  const loops = Array.from({ length: clients }, async (_, index) => {
    for (let round = index; !stopping; round += 1) await scenarios[round % scenarios.length]();
  });
  return {
    commands,
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
    },
  };
}

function sender(gatewayUrl: string, commands: CommandRecord[], stopping: () => boolean): Send {
  return async (kind, service, path, body, as) => {
    if (stopping()) return undefined;
    const { record, answer } = await sendCommand(gatewayUrl, { kind, service }, path, body, as, commands, stopping);
    await sleep(THINK_MS);
    if (!record.acknowledged) return undefined;
    record.resourceId = String(answer?.applicationId ?? answer?.complaintId ?? answer?.nip ?? answer?.surveyId ?? '') || undefined;
    return answer ?? {};
  };
}

/** A REKLAME application submitted through the portal, verified, reviewed and decided by DPMPTSP (every fourth rejected). */
async function permitScenario(send: Send, actors: Actors, documents: string[], n: number): Promise<void> {
  const applicant = {
    applicantId: `chaos-warga-${n}`, nik: `167103101192${String(n % 10_000).padStart(4, '0')}`, name: `Warga Uji ${n}`,
    phone: '0812-7811-0000', email: `warga${n}@example.id`, address: 'Jl. Sudirman No. 1, Ilir Timur I, Palembang',
  };
  const submitted = await send('permit-submit', 'permits', '/v1/permit-applications', { permitTypeCode: 'REKLAME', applicant, documents }, actors.portal);
  if (!submitted) return;
  const base = `/v1/permit-applications/${submitted.applicationId as string}`;
  if (!(await send('permit-verify', 'permits', `${base}/verify`, {}, actors.permitAgency))) return;
  if (!(await send('permit-review', 'permits', `${base}/start-review`, { officerId: 'dpmptsp-chaos' }, actors.permitAgency))) return;
  if (n % 4 === 0) await send('permit-reject', 'permits', `${base}/reject`, { reason: 'Lokasi titik reklame berada di kawasan terlarang' }, actors.permitAgency);
  else await send('permit-approve', 'permits', `${base}/approve`, {}, actors.permitAgency);
}

/** A road complaint filed through the portal, verified by the desk, accepted and resolved by Dinas PUPR, confirmed and rated by the citizen. */
async function complaintScenario(send: Send, actors: Actors, n: number): Promise<void> {
  const filed = await send('complaint-file', 'complaints', '/v1/complaints', {
    intakeType: 'complaint', channel: 'web', categoryCode: 'JALAN-RUSAK', title: `Jalan berlubang nomor ${n}`,
    description: 'Lubang di lajur kiri, membahayakan pengendara motor.', location: null, address: 'Jl. Demang Lebar Daun, Ilir Barat I',
    reporter: { reporterId: `chaos-pelapor-${n}`, name: `Pelapor Uji ${n}`, nik: null, phone: '0812-7300-0000', email: null }, anonymous: false,
  }, actors.portal);
  if (!filed) return;
  const base = `/v1/complaints/${filed.complaintId as string}`;
  if (!(await send('complaint-verify', 'complaints', `${base}/verify`, {}, actors.desk))) return;
  if (!(await send('complaint-accept', 'complaints', `${base}/accept`, {}, actors.complaintAgency))) return;
  if (!(await send('complaint-resolve', 'complaints', `${base}/resolve`, { response: 'Lubang sudah ditambal.' }, actors.complaintAgency))) return;
  if (!(await send('complaint-confirm', 'complaints', `${base}/confirm`, {}, actors.portal))) return;
  const scores = { U1: 4, U2: 3, U3: 3, U4: 4, U5: 3, U6: 4, U7: 4, U8: 3, U9: 1 + (n % 4) };
  await send('survey', 'complaints', '/v1/surveys', { trackingCode: filed.trackingCode, scores }, actors.portal);
}

/** A civil servant registered by BKPSDM, enrolled in the run's cohort, and credited by an xAPI completion from the LMS. */
async function trainingScenario(send: Send, actors: Actors, cohortId: string, n: number): Promise<void> {
  const nip = nipOf(n);
  if (!(await send('civil-servant', 'training', '/v1/civil-servants', { nip, name: `ASN Uji ${n}`, agencyId: 'dinas-pupr' }, actors.bkpsdm))) return;
  if (!(await send('enrolment', 'training', `/v1/cohorts/${cohortId}/enrolments`, { nip }, actors.bkpsdm))) return;
  const statement = {
    id: randomUUID(),
    actor: { objectType: 'Agent', name: `ASN Uji ${n}`, account: { homePage: 'https://lms.palembang.go.id', name: nip } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'id-ID': 'menyelesaikan' } },
    object: { objectType: 'Activity', id: LMS_ACTIVITY },
    result: { completion: true, success: true },
  };
  await send('xapi-statement', 'training', '/xapi/statements', [statement], actors.lms);
}

/** A valid NIP of its own for each n: born in 1990 on a day n picks, appointed January 2015, male, serial from n. */
function nipOf(n: number): string {
  const serial = String((n % 999) + 1).padStart(3, '0');
  const day = String((Math.floor(n / 999) % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(n / (999 * 28)) % 12) + 1).padStart(2, '0');
  return `1990${month}${day}2015011${serial}`;
}

/** Today in Asia/Jakarta (UTC+7), `offset` days away. */
function jakartaDay(offset: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}
