import { accessToken, registerClient } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';

/**
 * Records the generated requests may name, made through the gateway before the run (tools/fuzz/hooks.py
 * puts them into the requests): a rule such as "categoryCode names a category" or "the partner holds
 * the agreement named" is over data, which no schema can state, so the requests are given real data
 * instead of the rejection being accepted.
 */
export type FuzzFixtures = Readonly<{
  /** Codes of GET /v1/complaint-categories. */
  categoryCodes: readonly string[];
  /** Codes of GET /v1/permit-types. */
  permitTypeCodes: readonly string[];
  /** A complaint of the fuzzer's agency, for duplicateOf. */
  complaintId: string;
  /** A partner holding an agreement covering internships and research, valid over AGREEMENT_PERIOD. */
  partnerId: string;
  agreementId: string;
  agreementFrom: string;
  agreementUntil: string;
  /** The agency of the fuzzer's client, for the fields that must name an active agency of the register. */
  clientAgencyId: string;
  /**
   * An agency registered for this run alone, the only one the register's writes (rename, retire) may change: its
   * events travel on accountability.events, which every test's services follow, so retiring a seeded agency
   * (dpmptsp) would refuse it in every later test and run on the shared broker.
   */
  ownAgencyId: string;
}>;

/** Partners and agreements are BKPSDM's to manage (training's partner decider). */
const PARTNER_AGENCY = 'bkpsdm';
const AGREEMENT_PERIOD = { validFrom: '2000-01-01', validUntil: '2099-12-31' };

export async function createFuzzFixtures(gatewayUrl: string, adminToken: string, fuzzerToken: string): Promise<FuzzFixtures> {
  const categoryCodes = await codesOf(gatewayUrl, fuzzerToken, '/v1/complaint-categories');
  const permitTypeCodes = await codesOf(gatewayUrl, fuzzerToken, '/v1/permit-types');
  const complaintId = await submitComplaint(gatewayUrl, fuzzerToken, categoryCodes[0]);
  const { partnerId, agreementId } = await partnerWithAgreement(gatewayUrl, adminToken);
  const ownAgencyId = await registerOwnAgency(gatewayUrl, adminToken);
  return { categoryCodes, permitTypeCodes, complaintId, partnerId, agreementId, agreementFrom: AGREEMENT_PERIOD.validFrom, agreementUntil: AGREEMENT_PERIOD.validUntil, clientAgencyId: agencyOf(fuzzerToken), ownAgencyId };
}

async function call(gatewayUrl: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown> | unknown[]> {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': randomUUID() }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`fuzz fixtures: ${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as Record<string, unknown> | unknown[];
}

/** The codes of a catalogue list (complaint categories, permit types). */
async function codesOf(gatewayUrl: string, token: string, path: string): Promise<string[]> {
  const answer = await call(gatewayUrl, token, 'GET', path);
  const items = (Array.isArray(answer) ? answer : (answer.items as unknown[] | undefined) ?? []) as Array<{ code?: unknown }>;
  const codes = items.map((item) => item.code).filter((code): code is string => typeof code === 'string');
  if (codes.length === 0) throw new Error(`fuzz fixtures: GET ${path} listed no code`);
  return codes;
}

async function submitComplaint(gatewayUrl: string, token: string, categoryCode: string): Promise<string> {
  const answer = (await call(gatewayUrl, token, 'POST', '/v1/complaints', {
    intakeType: 'complaint',
    channel: 'web',
    categoryCode,
    title: 'Jalan berlubang (fuzz fixture)',
    description: 'The complaint that generated archive requests name as the original of a duplicate.',
    address: 'Jl. Demang Lebar Daun, Palembang',
    reporter: { reporterId: `fuzz-${randomUUID().slice(0, 8)}`, name: 'Fuzz Fixture' },
    anonymous: false,
  })) as Record<string, unknown>;
  return String(answer.complaintId);
}

async function partnerWithAgreement(gatewayUrl: string, adminToken: string): Promise<{ partnerId: string; agreementId: string }> {
  const token = await accessToken(gatewayUrl, await registerClient(gatewayUrl, adminToken, PARTNER_AGENCY, ['training:read', 'training:write']));
  const partner = (await call(gatewayUrl, token, 'POST', '/v1/partners', { name: `Universitas Fuzz ${randomUUID().slice(0, 8)}`, kind: 'university' })) as Record<string, unknown>;
  const partnerId = String(partner.partnerId);
  const signed = (await call(gatewayUrl, token, 'POST', `/v1/partners/${encodeURIComponent(partnerId)}/agreements`, { scope: ['internship', 'research'], ...AGREEMENT_PERIOD })) as Record<string, unknown>;
  const agreements = (signed.agreements as Array<{ agreementId: string }> | undefined) ?? [];
  if (agreements.length === 0) throw new Error(`fuzz fixtures: partner ${partnerId} holds no agreement after signing one`);
  return { partnerId, agreementId: agreements[agreements.length - 1].agreementId };
}

/**
 * The agency of the fuzzer's own client (its token's agency_id): the register held it active when the gateway
 * registered the client, and no request of the run retires it (tools/fuzz/hooks.py). Not any agency of the
 * register: each service checks its own copy, which follows accountability.events, and on a broker shared
 * with earlier runs a seeded agency may have been retired there.
 */
function agencyOf(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { agency_id?: unknown };
  if (typeof claims.agency_id !== 'string') throw new Error('fuzz fixtures: the fuzzer token names no agency');
  return claims.agency_id;
}

async function registerOwnAgency(gatewayUrl: string, adminToken: string): Promise<string> {
  const agencyId = `fuzz-${randomUUID().slice(0, 8)}`;
  await call(gatewayUrl, adminToken, 'POST', '/v1/agencies', { agencyId, name: 'Dinas Uji Fuzz', shortName: 'Fuzz', kind: 'dinas' });
  return agencyId;
}
