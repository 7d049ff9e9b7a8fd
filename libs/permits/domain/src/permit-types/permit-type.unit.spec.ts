import { PALEMBANG_PERMIT_TYPES } from './palembang-catalogue';
import { PermitType, PermitTypeCatalogue } from './permit-type';

const catalogue = new PermitTypeCatalogue(PALEMBANG_PERMIT_TYPES);

describe('the Palembang permit catalogue', () => {
  it('is a valid catalogue with one entry per code', () => {
    expect(catalogue.all()).toHaveLength(PALEMBANG_PERMIT_TYPES.length);
  });

  it('gives the building approval (PBG) 28 working days with deemed approval, at public works', () => {
    expect(catalogue.find('PBG')).toMatchObject({ agencyId: 'dinas-pupr', processingDays: 28, deemedApproval: true });
  });

  it('sends practice licences to the health office', () => {
    expect(catalogue.ofAgency('dinas-kesehatan').map((type) => type.code)).toEqual(['SIP-DOKTER', 'SIP-PERAWAT']);
  });

  it('knows no unknown code', () => {
    expect(catalogue.find('NOPE')).toBeUndefined();
  });
});

describe('a permit type catalogue', () => {
  const valid: PermitType = { code: 'X-1', name: 'Contoh', agencyId: 'dpmptsp', requiredDocuments: ['ktp'], feeIdr: 0, processingDays: 5, deemedApproval: false };

  it('refuses a code defined twice', () => {
    expect(() => new PermitTypeCatalogue([valid, valid])).toThrow('defined twice');
  });

  it('refuses a processing time that is not a whole number of working days', () => {
    expect(() => new PermitTypeCatalogue([{ ...valid, processingDays: 0 }])).toThrow('processing time');
    expect(() => new PermitTypeCatalogue([{ ...valid, processingDays: 2.5 }])).toThrow('processing time');
  });

  it('refuses a fee that is negative or in fractions of a rupiah', () => {
    expect(() => new PermitTypeCatalogue([{ ...valid, feeIdr: -1 }])).toThrow('fee');
    expect(() => new PermitTypeCatalogue([{ ...valid, feeIdr: 1000.5 }])).toThrow('fee');
  });

  it('refuses a document listed twice', () => {
    expect(() => new PermitTypeCatalogue([{ ...valid, requiredDocuments: ['ktp', 'ktp'] }])).toThrow('twice');
  });
});
