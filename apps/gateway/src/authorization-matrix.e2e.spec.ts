import { ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { CALLER_KINDS, CallerKind, callerScopes, isWrite, judge, OpenApiDocument, Operation, operationsOf, Verdict } from './testing/authorization-matrix';
import { basicAuth, BKPSDM, createRecords, DESK, MatrixClients, MatrixRecords, OTHER, OWNER, PEOPLE, PLATFORM, programActivity, Registered, statementOf } from './testing/matrix-fixtures';

/**
 * Issue 12, "prove it": every operation of the gateway's OpenAPI document,
 * called as each kind of caller against the real services holding two
 * agencies' data; what each must get follows from the operation's declared
 * scopes and agency rule (x-agency-rule). Nothing is listed by hand but the
 * bodies the writes send and where a path parameter finds its record.
 */

type Records = MatrixRecords & { programCode: string };
type Sent = { status: number; etag: string | null; text: string; json: Record<string, unknown> | undefined; request: string | undefined };
type Judged = { status: number; verdict: Verdict };
type Row = Judged & { operation: string; caller: CallerKind };

/** Operations whose owner is not the fixtures' agency by nature: the complaints desk verifies, archives and re-routes. */
const OWNER_BY_NATURE: Record<string, string> = {
  'POST /v1/complaints/{id}/verify': DESK,
  'POST /v1/complaints/{id}/archive': DESK,
  'POST /v1/complaints/{id}/reroute': DESK,
  // Forgetting needs the only agency holding the person: a reporter not routed yet is the desk's alone.
  'POST /v1/complaints/reporters/{reporterId}/forget': DESK,
};

/**
 * Operations whose path parameters deliberately name no record, with why. They still get every refusal
 * (no credential, without the scope, agency admin, other agency); the owner and agencies:all may get 404.
 */
const UNRESOLVED: Record<string, { params: Record<string, string>; why: string }> = {
  'POST /v1/admin/signing-keys/{kid}/revoke': {
    params: { kid: 'matrix-no-such-kid' },
    why: 'revoking the real signing key would end every token the matrix holds; revocation.e2e.spec.ts revokes a real one',
  },
  'POST /v1/webhook-subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliver': {
    params: { subscriptionId: randomUUID(), deliveryId: randomUUID() },
    why: 'a delivery needs an event of the owning agency sent to a reachable endpoint; deliveries.int.spec.ts (apps/webhooks) redelivers a real one',
  },
};

/** A subscription of the owning agency's system: the agency register's events need no scope beyond webhooks:write. */
const MATRIX_SUBSCRIPTION = { url: 'https://hooks.example.invalid/matrix', eventTypes: ['accountability.AgencyRegistered'] };

/** Run last: they erase the fixtures' people (the leak checks look for them) or end records the others act on. */
const LAST = [/\/forget$/, /^\/v1\/agencies\/\{agencyId\}\/retire$/];

/**
 * The agency the register's operations change: one of this run's own, never a real one, since the register's events
 * travel on accountability.events, which every test's services follow (retiring dinas-pupr would refuse it everywhere).
 */
const MATRIX_AGENCY = `matrix-${randomUUID().slice(0, 8)}`;
const matrixAgency = () => ({ name: 'Dinas Matriks', shortName: 'Matriks', kind: 'dinas' });

/**
 * The calendar year the matrix publishes and amends: far ahead, its days never past. Not next year: the calendar's
 * events travel on permits.events, which every test's calendar copy on the shared broker follows.
 */
const CALENDAR_YEAR = 2099;

const NEW_NIP = () => `198503122010011${String(100 + Math.floor(Math.random() * 800)).padStart(3, '0')}`;
const SCORES = Object.fromEntries(Array.from({ length: 9 }, (_, index) => [`U${index + 1}`, 4]));

/** What a write sends: a valid body aimed at the owning agency's records, so that a refusal is the agency rule's, not validation's. */
function bodyFor(key: string, records: Records): unknown {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const bodies: Record<string, () => unknown> = {
    'POST /v1/webhook-subscriptions': () => MATRIX_SUBSCRIPTION,
    'PATCH /v1/webhook-subscriptions/{subscriptionId}': () => ({ description: `matriks ${randomUUID().slice(0, 4)}` }),
    'POST /v1/webhook-subscriptions/{subscriptionId}/rotate-secret': () => ({ overlapSeconds: 60 }),
    'POST /v1/agencies': () => ({ agencyId: `matrix-${randomUUID().slice(0, 8)}`, ...matrixAgency() }),
    'PATCH /v1/agencies/{agencyId}': () => ({ shortName: `Matriks ${randomUUID().slice(0, 4)}` }),
    'POST /v1/agencies/{agencyId}/retire': () => ({ reason: 'Akhir uji matriks' }),
    'POST /v1/admin/clients': () => ({ name: 'matrix target', agencyId: OWNER, scopes: ['permits:read'] }),
    'PUT /v1/admin/clients/{clientId}/scopes': () => ({ scopes: ['permits:read'] }),
    'PUT /v1/calendar/{year}': () => ({
      decree: { reference: `SKB matriks ${randomUUID().slice(0, 8)}`, date: day(0) },
      nationalHolidays: [{ date: `${CALENDAR_YEAR}-08-17`, name: 'Hari Proklamasi Kemerdekaan RI' }],
      collectiveLeave: [],
    }),
    'POST /v1/calendar/{year}/amendments': () => ({
      amendment: { reference: `SKB perubahan matriks ${randomUUID().slice(0, 8)}`, date: day(0) },
      reason: 'Cuti bersama tambahan',
      add: [{ date: `${CALENDAR_YEAR}-12-28`, kind: 'collective-leave', name: 'Cuti bersama' }],
    }),
    'POST /v1/permit-applications': () => ({
      permitTypeCode: 'PBG',
      applicant: { ...PEOPLE.applicant, applicantId: `matrix-${randomUUID().slice(0, 8)}` },
      documents: ['ktp', 'bukti-kepemilikan-tanah', 'pkkpr', 'gambar-arsitektur', 'gambar-struktur', 'gambar-utilitas'],
    }),
    'POST /v1/permit-applications/{id}/request-revision': () => ({ missingDocuments: ['ktp'], reason: 'KTP tidak terbaca' }),
    'POST /v1/permit-applications/{id}/resubmit': () => ({ documents: ['ktp'] }),
    'POST /v1/permit-applications/{id}/start-review': () => ({ officerId: 'officer-1' }),
    'POST /v1/permit-applications/{id}/reject': () => ({ reason: 'Tidak memenuhi syarat' }),
    'POST /v1/permit-applications/{id}/issue': () => ({ permitNumber: '600/PBG/0042/2026' }),
    'POST /v1/permit-applications/{id}/withdraw': () => ({ reason: 'Batal' }),
    'POST /v1/complaints': () => ({
      intakeType: 'complaint', channel: 'web', categoryCode: 'JALAN-RUSAK', title: 'Jalan berlubang', description: 'Lubang di lajur kiri.',
      location: { latitude: -2.9761, longitude: 104.7454 }, address: 'Jl. Demang Lebar Daun, Palembang',
      reporter: { ...PEOPLE.reporter, reporterId: `matrix-${randomUUID().slice(0, 8)}` }, anonymous: false,
    }),
    'POST /v1/complaints/{id}/verify': () => ({ agencyId: OWNER }),
    'POST /v1/complaints/{id}/archive': () => ({ reason: 'invalid', note: 'Bukan pengaduan' }),
    'POST /v1/complaints/{id}/decline': () => ({ reason: 'Bukan kewenangan kami' }),
    'POST /v1/complaints/{id}/reroute': () => ({ agencyId: OWNER }),
    'POST /v1/complaints/{id}/updates': () => ({ message: 'Tim sudah ke lokasi' }),
    'POST /v1/complaints/{id}/resolve': () => ({ response: 'Lubang sudah ditambal' }),
    'POST /v1/complaints/{id}/dispute': () => ({ reason: 'Masih berlubang' }),
    // The citizen's proof (the tracking code): the rated agency must not be able to use it; a closed case's code rates once.
    'POST /v1/surveys': () => ({ trackingCode: records.complaintTracking, scores: SCORES }),
    'POST /v1/training-programs': () => ({
      code: `MTX-${randomUUID().slice(0, 6).toUpperCase()}`, title: 'Program lain', competencyArea: 'technical', jp: 8, deliveryMode: 'classroom', provider: { kind: 'agency', id: OWNER },
    }),
    'PATCH /v1/training-programs/{id}': () => ({ title: 'Judul diubah' }),
    'POST /v1/training-programs/{id}/retire': () => ({ reason: 'Diganti' }),
    'POST /v1/training-programs/{id}/cohorts': () => ({ startsOn: day(21), endsOn: day(21), capacity: 5, sessions: [{ sessionId: 's1', date: day(21) }] }),
    'POST /v1/cohorts/{id}/enrolments': () => ({ nip: PEOPLE.civilServant.nip }),
    'POST /v1/cohorts/{id}/withdrawals': () => ({ nip: PEOPLE.civilServant.nip, reason: 'Tugas luar kota' }),
    'POST /v1/cohorts/{id}/attendance': () => ({ sessionId: 's1', presentNips: [PEOPLE.civilServant.nip] }),
    'POST /v1/cohorts/{id}/completions': () => ({ nip: PEOPLE.civilServant.nip, score: 90, passed: true, certificateNumber: 'MTX-0042' }),
    'POST /v1/cohorts/{id}/cancel': () => ({ reason: 'Batal' }),
    'POST /v1/civil-servants': () => ({ nip: NEW_NIP(), name: 'Aparatur Baru Matriks', agencyId: OWNER }),
    'POST /v1/civil-servants/{nip}/transfer': () => ({ agencyId: OWNER }),
    'POST /v1/partners': () => ({ name: 'Politeknik Matriks', kind: 'polytechnic' }),
    'POST /v1/partners/{id}/agreements': () => ({ scope: ['training'], validFrom: day(-1), validUntil: day(300) }),
    'POST /v1/partners/{id}/agreements/{agreementId}/terminate': () => ({ reason: 'Berakhir' }),
    'POST /v1/internships': () => ({ partnerId: records.partnerId, agreementId: records.agreementId, studentId: `MTX-${randomUUID().slice(0, 8)}`, studentName: PEOPLE.student.studentName, agencyId: OWNER, supervisorNip: PEOPLE.civilServant.nip, startsOn: day(0), endsOn: day(30) }),
    'POST /v1/internships/{id}/evaluate': () => ({ score: 80, remarks: 'Baik' }),
    'POST /v1/research-projects': () => ({ partnerId: records.partnerId, agreementId: records.agreementId, agencyId: OWNER, title: 'Studi lain', kind: 'policy-study' }),
    'POST /v1/research-projects/{id}/findings': () => ({ summary: 'IKM 74,2' }),
    'POST /v1/research-projects/{id}/recommendations': () => ({ text: 'Perbaiki layanan' }),
    'POST /v1/research-projects/{id}/recommendations/{recommendationId}/reject': () => ({ reason: 'Tidak relevan' }),
    'POST /v1/research-projects/{id}/recommendations/{recommendationId}/implement': () => ({ note: 'Sudah' }),
    'POST /v1/xapi-agents/forget': () => ({ mbox: PEOPLE.learner.mbox }),
    'PUT /xapi/statements': () => statementOf(programActivity(records.programCode)),
    'POST /xapi/statements': () => statementOf(programActivity(records.programCode)),
    'POST /open311/v2/{document}': () => ({ service_code: 'JALAN-RUSAK', lat: '-2.9761', long: '104.7454', description: 'Jalan berlubang', first_name: 'Cik', last_name: 'Matriks' }),
  };
  return bodies[key]?.();
}

/**
 * The parameters an xAPI Document, Agents or Activities operation needs: a neutral agent and activity (no
 * owner's marker, so the echoed Person is no leak) and, to write, a fresh document id (a profile PUT over an
 * existing document without If-Match would be a 409).
 */
function xapiDocumentQuery(operation: Operation): Record<string, string> {
  const agent = JSON.stringify({ objectType: 'Agent', account: { homePage: 'https://lms.palembang.go.id', name: 'matrix-agent' } });
  const activityId = 'https://lms.palembang.go.id/xapi/activities/matrix-documents';
  const id = operation.method === 'GET' || (operation.method === 'DELETE' && operation.path.endsWith('/state')) ? {} : undefined;
  switch (operation.path) {
    case '/xapi/activities/state': return { activityId, agent, ...(id ?? { stateId: randomUUID() }) };
    case '/xapi/activities/profile': return { activityId, ...(id ?? { profileId: randomUUID() }) };
    case '/xapi/agents/profile': return { agent, ...(id ?? { profileId: randomUUID() }) };
    case '/xapi/agents': return { agent };
    case '/xapi/activities': return { activityId };
    default: return {};
  }
}

describe('the authorization matrix: every operation of the gateway, every kind of caller (all services, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'permits' | 'complaints' | 'training' | 'accountability' | 'webhooks'>;
  let subscriptionId: string;
  let operations: Operation[];
  let clients: MatrixClients;
  let records: Records;
  const url = () => platform.gateway.baseUrl;

  beforeAll(async () => {
    platform = await startBehindGateway(['permits', 'complaints', 'training', 'accountability', 'webhooks'], { RATE_LIMIT_PER_MINUTE: '1000000' }, { ACCOUNTABILITY_CONSUMER_GROUP: `accountability-matrix-${randomUUID()}` });
    const document = (await (await fetch(`${url()}/docs-json`)).json()) as OpenApiDocument;
    operations = operationsOf(document);
    clients = new MatrixClients(url(), platform.adminToken);
    records = await createRecords(url(), clients);
    subscriptionId = await ownersSubscription();
    const registered = await fetch(`${url()}/v1/agencies`, { method: 'POST', headers: { authorization: `Bearer ${platform.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ agencyId: MATRIX_AGENCY, ...matrixAgency() }) });
    if (registered.status !== 201) throw new Error(`the matrix's agency was not registered: ${registered.status} ${await registered.text()}`);
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('finds an agency rule declared on every operation of the document', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((operation) => operation.rule === undefined).map((operation) => operation.key)).toEqual([]);
  });

  it('gives no caller another agency\'s data and no caller more than it holds', async () => {
    const rows: Row[] = [];
    const ordered = [...operations].sort((a, b) => Number(LAST.some((last) => last.test(a.path))) - Number(LAST.some((last) => last.test(b.path))));
    for (const operation of ordered) {
      if (operation.rule === undefined) continue;
      for (const kind of CALLER_KINDS) {
        for (const judged of await tryOperation(operation, kind)) rows.push({ operation: operation.key, caller: kind, ...judged });
      }
    }
    // MATRIX_TABLE=<file>: the whole table, one call a line, for a reviewer.
    if (process.env.MATRIX_TABLE) writeFileSync(process.env.MATRIX_TABLE, rows.map((row) => [row.operation, row.caller, row.status, row.verdict.kind].join('\t')).join('\n'));
    const count = (kind: Verdict['kind']) => rows.filter((row) => row.verdict.kind === kind);
    const report = (kind: Verdict['kind']) => count(kind).map((row) => `${row.operation} as ${row.caller}: ${'detail' in row.verdict ? row.verdict.detail : ''}`);
    const answers = (caller: CallerKind) => {
      const statuses = rows.filter((row) => row.caller === caller).map((row) => row.status);
      return [...new Set(statuses)].sort().map((status) => `${status}x${statuses.filter((other) => other === status).length}`).join(' ');
    };
    console.log(
      [
        `authorization matrix: ${ordered.length} operations, ${rows.length} calls judged`,
        ...CALLER_KINDS.map((caller) => `  ${caller}: ${answers(caller)}`),
        ...Object.entries(UNRESOLVED).map(([key, { why }]) => `  no record on purpose: ${key} (${why})`),
        `cross-agency reads or writes: ${count('cross-agency leak').length}`,
        ...report('cross-agency leak'),
        `privilege escalations: ${count('privilege escalation').length}`,
        ...report('privilege escalation'),
        `owning agency refused: ${count('owner refused').length}`,
        ...report('owner refused'),
        `server errors: ${count('server error').length}`,
        ...report('server error'),
        `agencies:all refused with a listed reason (REFUSED_TO_ALL_AGENCIES): ${count('not crossed').length}`,
        ...report('not crossed'),
        `agencies:all refused without a listed reason, or crossed despite one: ${count('agencies:all refused').length}`,
        ...report('agencies:all refused'),
      ].join('\n'),
    );
    expect({
      leaks: report('cross-agency leak'),
      escalations: report('privilege escalation'),
      ownerRefused: report('owner refused'),
      serverErrors: report('server error'),
      allAgenciesRefused: report('agencies:all refused'),
    }).toEqual({ leaks: [], escalations: [], ownerRefused: [], serverErrors: [], allAgenciesRefused: [] });
  }, 600_000);

  /** Calls the operation as the caller kind (twice for another agency naming the owner's agencyId) and judges each answer. */
  async function tryOperation(operation: Operation, kind: CallerKind): Promise<Judged[]> {
    const owner = ownerOf(operation);
    const targetScopes = targetScopesOf(operation);
    const wanted = callerScopes(operation, kind, targetScopes);
    if (kind !== 'no credential' && !wanted) return [];
    const agency = wanted?.agency === 'owner' ? owner : wanted?.agency === 'other' ? (owner === OTHER ? OWNER : OTHER) : PLATFORM;
    const caller = wanted ? await clients.get(agency, wanted.scopes) : undefined;
    const params = await paramsOf(operation);
    const recordBefore = kind === 'other agency' && isWrite(operation) ? await versionOf(operation, params) : undefined;
    const sent = await send(operation, caller, params, kind);
    const verdicts = [await judged(operation, kind, sent, owner, caller)];
    if (recordBefore !== undefined) {
      const after = await versionOf(operation, params);
      if (after !== recordBefore) verdicts.push({ status: sent.status, verdict: { kind: 'cross-agency leak', detail: `the owning agency's record went from version ${recordBefore} to ${after}` } });
    }
    if (kind === 'other agency' && operation.method === 'GET' && operation.queryParams.includes('agencyId')) {
      verdicts.push(await judged(operation, kind, await send(operation, caller, params, kind, { agencyId: owner }), owner, caller));
    }
    return verdicts;
  }

  async function judged(operation: Operation, kind: CallerKind, sent: Sent, owner: string, caller: Registered | undefined): Promise<Judged> {
    const createdFor = typeof sent.json?.agencyId === 'string' ? sent.json.agencyId : undefined;
    const bodyNamesOwner = sent.request !== undefined && ownerIds().some((id) => sent.request?.includes(id));
    const actsOnClient = isWrite(operation) || operation.path.includes('{clientId}');
    const targetAboveCaller = operation.rule === 'admin-own-agency' && actsOnClient && caller !== undefined && !targetScopesOf(operation).every((scope) => caller.scopes.includes(scope));
    return { status: sent.status, verdict: judge(operation, kind, { status: sent.status, body: sent.text, markersFound: await markersIn(operation, kind, sent.text), createdFor, bodyNamesOwner, targetAboveCaller, noRecord: UNRESOLVED[operation.key] !== undefined }, owner) };
  }

  /** What the client an admin operation acts on holds: the scope of the API its credentials are for, else permits:read. */
  function targetScopesOf(operation: Operation): string[] {
    if (operation.rule !== 'admin-own-agency') return [];
    if (operation.path.includes('/open311-keys')) return ['complaints:write'];
    if (operation.path.includes('/xapi-credentials')) return ['training:read'];
    return ['permits:read'];
  }

  function ownerOf(operation: Operation): string {
    if (OWNER_BY_NATURE[operation.key]) return OWNER_BY_NATURE[operation.key];
    return operation.rule === 'civil-service-agency' ? BKPSDM : OWNER;
  }

  /** The owning agency's people always; its records' ids too where the rule keeps them to it. */
  async function markersIn(operation: Operation, kind: CallerKind, text: string): Promise<string[]> {
    if (kind === 'agencies:all') return [];
    const keptToOwner = operation.rule === 'own-agency' || operation.rule === 'admin-own-agency' || operation.rule === 'civil-service-agency';
    if ((kind === 'owning agency' || kind === 'agency admin') && keptToOwner) return [];
    const people = [PEOPLE.applicant.name, PEOPLE.applicant.nik, PEOPLE.applicant.phone, PEOPLE.applicant.email, PEOPLE.reporter.name, PEOPLE.reporter.phone, PEOPLE.reporter.email, PEOPLE.civilServant.name, PEOPLE.student.studentName, PEOPLE.learner.name, PEOPLE.learner.mbox.slice('mailto:'.length)];
    const ids = [...ownerIds(), ...(await clients.idsOf(OWNER))];
    const markers = keptToOwner || operation.rule === 'cross-agency-only' ? [...people, ...ids] : people;
    return markers.filter((marker) => text.includes(marker));
  }

  /** Ids of the owning agency's records and people, private to it. */
  function ownerIds(): string[] {
    return [records.applicationId, PEOPLE.applicant.applicantId, PEOPLE.reporter.reporterId, records.internshipId, records.projectId, records.statementId, PEOPLE.civilServant.nip];
  }

  /** The path parameters, naming the owning agency's records (or UNRESOLVED's placeholders). */
  async function paramsOf(operation: Operation): Promise<Record<string, string>> {
    if (UNRESOLVED[operation.key]) return UNRESOLVED[operation.key].params;
    const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    const params: Record<string, string> = {};
    for (const name of names) {
      const value = await paramValue(operation, name, params);
      if (value === undefined) throw new Error(`${operation.key}: no record for {${name}}; add a fixture, or list it in UNRESOLVED with why`);
      params[name] = value;
    }
    return params;
  }

  async function paramValue(operation: Operation, name: string, earlier: Record<string, string>): Promise<string | undefined> {
    const byResource: Record<string, string> = {
      'permit-applications': records.applicationId, complaints: records.complaintId, 'training-programs': records.programId, cohorts: records.cohortId,
      partners: records.partnerId, internships: records.internshipId, 'research-projects': records.projectId,
    };
    const resource = operation.path.split('/')[2];
    switch (name) {
      case 'id': return byResource[resource];
      case 'agreementId': return records.agreementId;
      case 'recommendationId': return records.recommendationId;
      case 'nip': return PEOPLE.civilServant.nip;
      case 'applicantId': return PEOPLE.applicant.applicantId;
      case 'reporterId': return PEOPLE.deskReporter.reporterId;
      case 'studentId': return PEOPLE.student.studentId;
      case 'agencyId': return resource === 'agencies' ? MATRIX_AGENCY : OWNER;
      case 'year': return String(CALENDAR_YEAR);
      // A deletion takes a subscription of its own, so the callers after the owner still find theirs.
      case 'subscriptionId': return operation.method === 'DELETE' ? ownersSubscription() : subscriptionId;
      case 'streamId': return `permit-application-${records.applicationId}`;
      case 'trackingCode': return resource === 'complaint-tracking' ? records.complaintTracking : records.applicationTracking;
      // A client of the owning agency of its own, holding what the admin must also hold to touch it.
      case 'clientId': return (await clients.fresh(OWNER, targetScopesOf(operation))).credentials.clientId;
      // A credential of that client, of the API the path names.
      case 'credentialId': return (await clients.issue(earlier.clientId, operation.path.includes('/xapi-credentials') ? 'xapi' : 'open311')).clientId;
      case 'document':
        if (operation.path.startsWith('/open311/v2/services/')) return 'JALAN-RUSAK.json';
        if (operation.path.startsWith('/open311/v2/requests/')) return `${records.complaintId}.json`;
        if (operation.path.startsWith('/open311/v2/tokens/')) return `${records.complaintTracking}.json`;
        return 'requests.json';
      default: return undefined;
    }
  }

  async function ownersSubscription(): Promise<string> {
    const owner = await clients.get(OWNER, ['webhooks:write']);
    const created = await fetch(`${url()}/v1/webhook-subscriptions`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' }, body: JSON.stringify(MATRIX_SUBSCRIPTION) });
    if (created.status !== 201) throw new Error(`the owner's webhook subscription was not created: ${created.status} ${await created.text()}`);
    return ((await created.json()) as { subscriptionId: string }).subscriptionId;
  }

  /** The version of the record a write's path names, read by a client of every agency (undefined: no readable record). */
  async function versionOf(operation: Operation, params: Record<string, string>): Promise<string | undefined> {
    // Records live under /v1; an Open311 {document} names a resource list, not a record.
    const match = operation.path.startsWith('/v1/') ? /^(\/[^{]+\{\w+\})/.exec(operation.path) : null;
    const read = match && operations.find((candidate) => candidate.method === 'GET' && candidate.path === match[1]);
    if (!read) return undefined;
    const reader = await clients.get(PLATFORM, [...read.scopes, 'agencies:all']);
    const sent = await send(read, reader, params, 'agencies:all');
    if (sent.status !== 200) return `status ${sent.status}`;
    return sent.etag ?? (sent.json?.version === undefined ? sent.text : `version ${String(sent.json.version)}`);
  }

  async function send(operation: Operation, caller: Registered | undefined, params: Record<string, string>, kind: CallerKind, extraQuery: Record<string, string> = {}): Promise<Sent> {
    let path = operation.path.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(params[name]));
    const query = new URLSearchParams(extraQuery);
    const headers: Record<string, string> = {};
    let body: string | undefined;
    const content = bodyFor(operation.key, records);
    if (operation.rule === 'client-authentication') {
      // Every caller asks for agencies:all; only the platform-wide client holds it.
      if (caller) headers.authorization = basicAuth(caller.credentials);
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ grant_type: 'client_credentials', scope: kind === 'agencies:all' ? caller?.scopes.join(' ') ?? '' : 'agencies:all' }).toString();
    } else if (operation.credential === 'open311-api-key') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const form = new URLSearchParams(content as Record<string, string>);
      // The client's Open311 key; a client without complaints:write has none, and sends its OAuth secret (refused there).
      const key = caller && ((await clients.apiCredential(caller, 'open311')) ?? caller.credentials);
      if (key) form.set('api_key', `${key.clientId}:${key.clientSecret}`);
      body = form.toString();
    } else {
      if (caller) headers.authorization = operation.credential === 'xapi-basic' ? basicAuth((await clients.apiCredential(caller, 'xapi')) ?? caller.credentials) : `Bearer ${caller.token}`;
      if (operation.credential === 'xapi-basic') headers['x-experience-api-version'] = '1.0.3';
      if (operation.key === 'PUT /xapi/statements') query.set('statementId', randomUUID());
      for (const [name, value] of Object.entries(xapiDocumentQuery(operation))) query.set(name, value);
      if (content !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(content);
      } else if (isWrite(operation)) {
        headers['content-type'] = 'application/json';
        body = '{}';
      }
    }
    if ([...query].length > 0) path += `?${query.toString()}`;
    const response = await fetch(`${url()}${path}`, { method: operation.method, headers, body });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: response.status, etag: response.headers.get('etag'), text, json, request: body };
  }
});

