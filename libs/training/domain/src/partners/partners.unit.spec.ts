import { deciderSpecification, foldEvents } from '@palembang/events/core';
import { palembangPartners } from '../fixtures/palembang-partners';
import { trainingCommand } from '../fixtures/training.fixtures';
import { AgreementSigned, agreementOf, AgreementTerms, PartnerRegistered } from './partner';
import { partnerDecider } from './partner.decide';

const decider = partnerDecider();
const spec = deciderSpecification(decider);
const NOW = '2026-01-05T09:00:00+07:00';
const unsri = palembangPartners()[0];
const ref = { partnerId: unsri.partnerId, agencyId: 'bkpsdm' };
const registered: PartnerRegistered = { type: 'PartnerRegistered', data: { ...ref, name: 'Universitas Sriwijaya', kind: 'university', registeredAt: NOW } };
const signed: AgreementSigned = { type: 'AgreementSigned', data: { ...ref, agreementId: 'pks-unsri-2026', scope: ['internship', 'research'], validFrom: '2026-01-01', validUntil: '2028-12-31', signedAt: NOW } };
const sign = (overrides: object = {}, agency = 'bkpsdm') =>
  trainingCommand('SignAgreement', { partnerId: 'unsri', agreementId: 'pks-unsri-2026', scope: ['internship', 'research'], validFrom: '2026-01-01', validUntil: '2028-12-31', ...overrides }, NOW, agency);

describe('a partner institution', () => {
  it('is registered by BKPSDM only, with a name and a known kind', () => {
    spec.given([]).when(trainingCommand('RegisterPartner', unsri, NOW, 'bkpsdm')).then([registered]);
    spec.given([]).when(trainingCommand('RegisterPartner', unsri, NOW, 'dpmptsp')).thenRejects('PARTNER.FORBIDDEN');
    spec.given([]).when(trainingCommand('RegisterPartner', { ...unsri, name: '' }, NOW, 'bkpsdm')).thenRejects('PARTNER.INVALID_INPUT');
    spec.given([]).when(trainingCommand('RegisterPartner', { ...unsri, kind: 'school' as never }, NOW, 'bkpsdm')).thenRejects('PARTNER.INVALID_INPUT');
    spec.given([registered]).when(trainingCommand('RegisterPartner', unsri, NOW, 'bkpsdm')).thenRejects('PARTNER.ALREADY_EXISTS');
  });

  it('are the three Palembang institutions of the fixtures', () => {
    expect(palembangPartners().map((partner) => partner.name)).toEqual(['Universitas Sriwijaya', 'Universitas Islam Negeri Raden Fatah Palembang', 'Politeknik Negeri Sriwijaya']);
  });

  it('signs agreements valid until after they start, each id once', () => {
    spec.given([registered]).when(sign()).then([signed]);
    spec.given([]).when(sign()).thenRejects('PARTNER.NOT_FOUND');
    spec.given([registered]).when(sign({}, 'dpmptsp')).thenRejects('PARTNER.FORBIDDEN');
    spec.given([registered]).when(sign({ validUntil: '2026-01-01' })).thenRejects('PARTNER.INVALID_INPUT');
    spec.given([registered]).when(sign({ validFrom: '2026-13-01' })).thenRejects('PARTNER.INVALID_INPUT');
    spec.given([registered]).when(sign({ scope: [] })).thenRejects('PARTNER.INVALID_INPUT');
    spec.given([registered]).when(sign({ scope: ['sports'] })).thenRejects('PARTNER.INVALID_INPUT');
    spec.given([registered, signed]).when(sign()).thenRejects('PARTNER.AGREEMENT_EXISTS');
  });

  it('terminates an agreement in force, once, with a reason', () => {
    const terminate = (agreementId = 'pks-unsri-2026', reason = 'Tidak diperpanjang') => trainingCommand('TerminateAgreement', { partnerId: 'unsri', agreementId, reason }, '2026-07-01T10:00:00+07:00', 'bkpsdm');
    const terminated = { type: 'AgreementTerminated' as const, data: { ...ref, agreementId: 'pks-unsri-2026', reason: 'Tidak diperpanjang', terminatedOn: '2026-07-01', terminatedAt: '2026-07-01T10:00:00+07:00' } };
    spec.given([registered, signed]).when(terminate()).then([terminated]);
    spec.given([registered, signed]).when(terminate('pks-x')).thenRejects('PARTNER.AGREEMENT.NOT_FOUND');
    spec.given([registered, signed]).when(terminate(undefined, ' ')).thenRejects('PARTNER.INVALID_INPUT');
    spec.given([registered, signed, terminated]).when(terminate()).thenRejects('PARTNER.INVALID_TRANSITION');
    expect(agreementOf(foldEvents(decider, [registered, signed, terminated]), 'pks-unsri-2026')).toMatchObject({ terminatedOn: '2026-07-01' });
  });
});

const AGREEMENT: AgreementTerms = { agreementId: 'pks-unsri-2026', partnerId: 'unsri', scope: ['internship', 'research'], validFrom: '2026-01-01', validUntil: '2028-12-31', terminatedOn: null };

describe('the terms an agreement gives to internships and research', () => {
  it('are read from the partner', () => {
    expect(agreementOf(foldEvents(decider, [registered, signed]), 'pks-unsri-2026')).toEqual(AGREEMENT);
    expect(agreementOf(foldEvents(decider, [registered]), 'pks-unsri-2026')).toBeUndefined();
    expect(agreementOf(decider.initialState(), 'pks-unsri-2026')).toBeUndefined();
  });
});

