import { deciderSpecification } from '@palembang/events/core';
import { sampleNip, trainingCommand } from '../fixtures/training.fixtures';
import { CivilServantRegistered, civilServantDecider, civilServantStreamId } from './civil-servant';

const spec = deciderSpecification(civilServantDecider());
const NIP = sampleNip(7);
const NOW = '2026-02-02T09:00:00+07:00';
const registered: CivilServantRegistered = { type: 'CivilServantRegistered', data: { nip: NIP, agencyId: 'dpmptsp', name: 'Siti Aminah', registeredAt: NOW } };
const register = (overrides: Record<string, unknown> = {}, agencyId = 'bkpsdm') => trainingCommand('RegisterCivilServant', { nip: NIP, agencyId: 'dpmptsp', name: ' Siti Aminah ', ...overrides }, NOW, agencyId);

describe('the register of civil servants', () => {
  it('lives on one stream per NIP', () => {
    expect(civilServantStreamId(NIP)).toBe(`civil-servant-${NIP}`);
  });

  describe('when absent', () => {
    it('BKPSDM registers a civil servant at an agency', () => {
      spec.given([]).when(register()).then([registered]);
    });
    it('no other agency may', () => {
      spec.given([]).when(register({}, 'dpmptsp')).thenRejects('CIVIL_SERVANT.FORBIDDEN');
    });
    it('refuses an invalid NIP, agency or name', () => {
      for (const overrides of [{ nip: '123456789012345678' }, { nip: 'x' }, { agencyId: 'Bad Agency' }, { name: ' ' }]) {
        spec.given([]).when(register(overrides)).thenRejects('CIVIL_SERVANT.INVALID_INPUT');
      }
    });
    it('cannot transfer someone not registered', () => {
      spec.given([]).when(trainingCommand('TransferCivilServant', { nip: NIP, agencyId: 'dinas-pupr' }, NOW, 'bkpsdm')).thenRejects('CIVIL_SERVANT.NOT_FOUND');
    });
  });

  describe('when serving', () => {
    it('registering again at the same agency records nothing (a retried import)', () => {
      spec.given([registered]).when(register()).then([]);
    });
    it('registering at another agency is refused: that is a transfer', () => {
      spec.given([registered]).when(register({ agencyId: 'dinas-pupr' })).thenRejects('CIVIL_SERVANT.ALREADY_EXISTS');
    });
    it('a transfer moves the civil servant to another agency, naming both', () => {
      spec
        .given([registered])
        .when(trainingCommand('TransferCivilServant', { nip: NIP, agencyId: 'dinas-pupr' }, NOW, 'bkpsdm'))
        .then([{ type: 'CivilServantTransferred', data: { nip: NIP, fromAgencyId: 'dpmptsp', agencyId: 'dinas-pupr', transferredAt: NOW } }]);
      spec.given([registered]).when(trainingCommand('TransferCivilServant', { nip: NIP, agencyId: 'dpmptsp' }, NOW, 'bkpsdm')).then([]);
    });
  });
});
