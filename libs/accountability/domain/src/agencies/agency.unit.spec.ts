import { deciderSpecification, foldEvents } from '@palembang/events/core';
import { AgencyRegistered, AgencyRetired } from './agency';
import { AgencyCommand, agencyDecider } from './agency.decide';
import { PALEMBANG_AGENCIES } from './palembang-agencies';

const decider = agencyDecider();
const spec = deciderSpecification(decider);
const NOW = '2026-12-05T09:00:00+07:00';
const LATER = '2026-12-06T09:00:00+07:00';
const metadata = (now: string) => ({ now, agencyId: 'pemkot-palembang', actor: 'admin', correlationId: 'corr-1' });
const command = <C extends AgencyCommand>(type: C['type'], data: C['data'], now = NOW) => ({ type, data, metadata: metadata(now) }) as C;
const pupr = { agencyId: 'dinas-pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', shortName: 'Dinas PUPR', kind: 'dinas' as const };
const register = (overrides: Partial<typeof pupr> = {}) => command('RegisterAgency', { ...pupr, ...overrides });
const registered: AgencyRegistered = { type: 'AgencyRegistered', data: { ...pupr, registeredAt: NOW } };
const retired: AgencyRetired = { type: 'AgencyRetired', data: { agencyId: 'dinas-pupr', reason: 'Merged into Dinas Perkimtan', retiredAt: LATER } };

function refusalOf(decision: ReturnType<typeof decider.decide>) {
  if (!('rejected' in decision)) throw new Error(`expected a rejection, got ${JSON.stringify(decision)}`);
  return [decision.code, decision.field];
}

describe('an agency not in the register', () => {
  it('is registered with its name, short name and kind, trimmed', () => {
    spec.given([]).when(register({ name: ` ${pupr.name} ` })).then([registered]);
    expect(foldEvents(decider, [registered])).toEqual({ status: 'active', ...pupr, registeredAt: NOW });
  });

  it('needs an id of lower-case words joined by hyphens, a name, a short name and a known kind', () => {
    const refusal = (overrides: Record<string, unknown>) => refusalOf(decider.decide(register(overrides as never), decider.initialState()));
    expect(refusal({ agencyId: 'Dinas PUPR' })).toEqual(['AGENCY.INVALID_INPUT', 'agencyId']);
    expect(refusal({ agencyId: 'dinas--pupr' })).toEqual(['AGENCY.INVALID_INPUT', 'agencyId']);
    expect(refusal({ name: '  ' })).toEqual(['AGENCY.INVALID_INPUT', 'name']);
    expect(refusal({ shortName: 'x'.repeat(61) })).toEqual(['AGENCY.INVALID_INPUT', 'shortName']);
    expect(refusal({ kind: 'ministry' })).toEqual(['AGENCY.INVALID_INPUT', 'kind']);
  });

  it('cannot be updated or retired', () => {
    spec.given([]).when(command('UpdateAgency', { agencyId: 'dinas-pupr', shortName: 'PUPR' })).thenRejects('AGENCY.NOT_FOUND');
    spec.given([]).when(command('RetireAgency', { agencyId: 'dinas-pupr', reason: 'x' })).thenRejects('AGENCY.NOT_FOUND');
  });
});

describe('a registered agency', () => {
  it('is not registered twice', () => {
    spec.given([registered]).when(register()).thenRejects('AGENCY.ALREADY_REGISTERED');
  });

  it('is renamed with its whole profile in the event and the fields that changed', () => {
    spec
      .given([registered])
      .when(command('UpdateAgency', { agencyId: 'dinas-pupr', shortName: 'PUPR', kind: 'badan' }, LATER))
      .then([{ type: 'AgencyUpdated', data: { ...pupr, shortName: 'PUPR', kind: 'badan', changed: ['shortName', 'kind'], updatedAt: LATER } }]);
  });

  it('records nothing for an update that changes nothing, and refuses a bad one naming the field', () => {
    spec.given([registered]).when(command('UpdateAgency', { agencyId: 'dinas-pupr', name: pupr.name })).then([]);
    expect(refusalOf(decider.decide(command('UpdateAgency', { agencyId: 'dinas-pupr', kind: 'kementerian' as never }), foldEvents(decider, [registered])))).toEqual(['AGENCY.INVALID_INPUT', 'kind']);
  });

  it('is retired with a reason', () => {
    spec.given([registered]).when(command('RetireAgency', { agencyId: 'dinas-pupr', reason: ' Merged into Dinas Perkimtan ' }, LATER)).then([retired]);
    spec.given([registered]).when(command('RetireAgency', { agencyId: 'dinas-pupr', reason: '' })).thenRejects('AGENCY.INVALID_INPUT');
    expect(foldEvents(decider, [registered, retired])).toMatchObject({ status: 'retired', retiredAt: LATER, name: pupr.name });
  });
});

describe('a retired agency', () => {
  it('is neither changed, retired again nor registered again', () => {
    spec.given([registered, retired]).when(command('UpdateAgency', { agencyId: 'dinas-pupr', shortName: 'PUPR' })).thenRejects('AGENCY.RETIRED');
    spec.given([registered, retired]).when(command('RetireAgency', { agencyId: 'dinas-pupr', reason: 'again' })).thenRejects('AGENCY.RETIRED');
    spec.given([registered, retired]).when(register()).thenRejects('AGENCY.ALREADY_REGISTERED');
  });
});

describe('the Palembang register a new installation starts with', () => {
  const ids = PALEMBANG_AGENCIES.map((agency) => agency.agencyId);

  it('holds each agency once, every one acceptable to the decider', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const seed of PALEMBANG_AGENCIES) expect(decider.decide(command('RegisterAgency', seed), decider.initialState())).toHaveLength(1);
  });

  it('holds the 18 kecamatan of Palembang', () => {
    const kecamatan = PALEMBANG_AGENCIES.filter((agency) => agency.kind === 'kecamatan');
    expect(kecamatan).toHaveLength(18);
    expect(kecamatan.map((agency) => agency.agencyId)).toEqual(expect.arrayContaining(['kecamatan-ilir-barat-i', 'kecamatan-alang-alang-lebar', 'kecamatan-jakabaring']));
  });

  it('holds every agency the catalogues, demo clients and demo cases name', () => {
    const named = ['dpmptsp', 'dinas-pupr', 'dinas-pariwisata', 'dinas-kominfo', 'dinas-perhubungan', 'dinas-lingkungan-hidup', 'bkpsdm', 'dinas-kesehatan', 'pemkot-palembang', 'disdukcapil', 'inspektorat', 'dinas-pendidikan', 'dinas-sosial', 'bappeda'];
    expect(ids).toEqual(expect.arrayContaining(named));
  });
});
