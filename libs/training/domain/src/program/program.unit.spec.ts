import { deciderSpecification, foldEvents } from '@palembang/events/core';
import { palembangTrainingCatalogue } from '../fixtures/palembang-catalogue';
import { trainingCommand } from '../fixtures/training.fixtures';
import { ProgramCreated, ProgramDetails } from './program';
import { isIri, programDecider } from './program.decide';

const decider = programDecider();
const spec = deciderSpecification(decider);
const NOW = '2026-01-12T09:00:00+07:00';
const LATER = '2026-02-02T09:00:00+07:00';
const ppbd = palembangTrainingCatalogue()[0];
const { programId, agencyId, ...details } = ppbd;
const create = (overrides: Partial<ProgramDetails> = {}, agency = agencyId) => trainingCommand('CreateProgram', { programId, ...details, ...overrides }, NOW, agency);
const created: ProgramCreated = { type: 'ProgramCreated', data: { programId, agencyId, ...details, createdAt: NOW } };

function refusal(overrides: Partial<ProgramDetails>) {
  const decision = decider.decide(create(overrides), decider.initialState());
  if (!('rejected' in decision)) throw new Error('expected a rejection');
  return [decision.code, decision.field];
}

describe('a program that does not exist yet', () => {
  it('is created by the agency that provides it, which owns it', () => {
    spec.given([]).when(create()).then([created]);
    expect(foldEvents(decider, [created])).toMatchObject({ status: 'active', agencyId: 'bkpsdm', jp: 24 });
  });

  it('trims its texts and drops repeated xAPI activity ids', () => {
    const iri = 'https://lms.palembang.go.id/xapi/activities/ppbd-01';
    spec
      .given([])
      .when(create({ title: '  Pelayanan Publik Berbasis Digital ', xapiActivityIds: [iri, ` ${iri}`] }))
      .then([{ ...created, data: { ...created.data, xapiActivityIds: [iri] } }]);
  });

  it('needs a code, a title, a known area and delivery mode, 1 to 400 whole JP, a provider and IRIs', () => {
    expect(refusal({ code: 'ppbd' })).toEqual(['PROGRAM.INVALID_INPUT', 'code']);
    expect(refusal({ title: ' ' })).toEqual(['PROGRAM.INVALID_INPUT', 'title']);
    expect(refusal({ competencyArea: 'sports' as never })).toEqual(['PROGRAM.INVALID_INPUT', 'competencyArea']);
    expect(refusal({ jp: 0 })).toEqual(['PROGRAM.INVALID_INPUT', 'jp']);
    expect(refusal({ jp: 401 })).toEqual(['PROGRAM.INVALID_INPUT', 'jp']);
    expect(refusal({ jp: 2.5 })).toEqual(['PROGRAM.INVALID_INPUT', 'jp']);
    expect(refusal({ deliveryMode: 'radio' as never })).toEqual(['PROGRAM.INVALID_INPUT', 'deliveryMode']);
    expect(refusal({ provider: { kind: 'vendor' as never, id: 'x' } })).toEqual(['PROGRAM.INVALID_INPUT', 'provider.kind']);
    expect(refusal({ provider: { kind: 'agency', id: 'BKPSDM Kota' } })).toEqual(['PROGRAM.INVALID_INPUT', 'provider.id']);
    expect(refusal({ description: 'x'.repeat(4001) })).toEqual(['PROGRAM.INVALID_INPUT', 'description']);
    expect(refusal({ xapiActivityIds: ['not an iri'] })).toEqual(['PROGRAM.INVALID_INPUT', 'xapiActivityIds']);
  });

  it('accepts the bounds of 1 and 400 JP and a partner as provider', () => {
    spec.given([]).when(create({ jp: 1 })).then([{ ...created, data: { ...created.data, jp: 1 } }]);
    spec.given([]).when(create({ jp: 400, provider: { kind: 'partner', id: 'unsri' } })).then([{ ...created, data: { ...created.data, jp: 400, provider: { kind: 'partner', id: 'unsri' } } }]);
  });

  it('cannot be updated or retired', () => {
    spec.given([]).when(trainingCommand('UpdateProgram', { programId, jp: 30 }, LATER, agencyId)).thenRejects('PROGRAM.NOT_FOUND');
    spec.given([]).when(trainingCommand('RetireProgram', { programId, reason: 'x' }, LATER, agencyId)).thenRejects('PROGRAM.NOT_FOUND');
  });

  it('recognises IRIs', () => {
    expect(isIri('https://lms.example/a')).toBe(true);
    expect(isIri('urn:uuid:1234')).toBe(true);
    expect(isIri('/relative/path')).toBe(false);
  });
});

describe('an active program', () => {
  it('cannot be created twice', () => {
    spec.given([created]).when(create()).thenRejects('PROGRAM.ALREADY_EXISTS');
  });

  it('is updated by its owner, the event carrying the full details and the fields changed', () => {
    spec
      .given([created])
      .when(trainingCommand('UpdateProgram', { programId, jp: 30, deliveryMode: 'classroom' }, LATER, agencyId))
      .then([{ type: 'ProgramUpdated', data: { programId, agencyId, ...details, jp: 30, deliveryMode: 'classroom', changed: ['jp', 'deliveryMode'], updatedAt: LATER } }]);
  });

  it('records nothing for an update that changes nothing', () => {
    spec.given([created]).when(trainingCommand('UpdateProgram', { programId, title: details.title }, LATER, agencyId)).then([]);
  });

  it('refuses an invalid update', () => {
    spec.given([created]).when(trainingCommand('UpdateProgram', { programId, jp: 0 }, LATER, agencyId)).thenRejects('PROGRAM.INVALID_INPUT');
  });

  it('is changed by its owner only', () => {
    spec.given([created]).when(trainingCommand('UpdateProgram', { programId, jp: 30 }, LATER, 'dpmptsp')).thenRejects('PROGRAM.FORBIDDEN');
    spec.given([created]).when(trainingCommand('RetireProgram', { programId, reason: 'Diganti kurikulum baru' }, LATER, 'dpmptsp')).thenRejects('PROGRAM.FORBIDDEN');
  });

  it('is retired with a reason', () => {
    spec.given([created]).when(trainingCommand('RetireProgram', { programId, reason: ' ' }, LATER, agencyId)).thenRejects('PROGRAM.INVALID_INPUT');
    spec
      .given([created])
      .when(trainingCommand('RetireProgram', { programId, reason: 'Diganti kurikulum 2027' }, LATER, agencyId))
      .then([{ type: 'ProgramRetired', data: { programId, agencyId, reason: 'Diganti kurikulum 2027', retiredAt: LATER } }]);
  });
});

describe('a retired program', () => {
  const retired = [created, { type: 'ProgramRetired' as const, data: { programId, agencyId, reason: 'x', retiredAt: LATER } }];

  it('is neither updated nor retired again', () => {
    spec.given(retired).when(trainingCommand('UpdateProgram', { programId, jp: 30 }, LATER, agencyId)).thenRejects('PROGRAM.INVALID_TRANSITION');
    spec.given(retired).when(trainingCommand('RetireProgram', { programId, reason: 'x' }, LATER, agencyId)).thenRejects('PROGRAM.INVALID_TRANSITION');
    expect(foldEvents(decider, retired)).toMatchObject({ status: 'retired', retiredAt: LATER });
  });
});

describe('the Palembang catalogue', () => {
  it('holds valid programs with realistic lengths and unique codes', () => {
    const catalogue = palembangTrainingCatalogue();
    expect(catalogue.length).toBeGreaterThanOrEqual(8);
    for (const entry of catalogue) {
      const { programId: id, agencyId: owner, ...rest } = entry;
      spec.given([]).when(trainingCommand('CreateProgram', { programId: id, ...rest }, NOW, owner)).then([{ type: 'ProgramCreated', data: { ...entry, createdAt: NOW } }]);
      expect(entry.jp).toBeGreaterThanOrEqual(8);
      expect(entry.jp).toBeLessThanOrEqual(40);
    }
    expect(new Set(catalogue.map((entry) => entry.code)).size).toBe(catalogue.length);
    expect(catalogue.map((entry) => entry.title)).toEqual(expect.arrayContaining(['Pelayanan Publik Berbasis Digital', 'Manajemen Pengaduan SP4N-LAPOR!', 'Tata Kelola Perizinan OSS-RBA', 'Analisis Data Kinerja Pelayanan']));
  });
});
