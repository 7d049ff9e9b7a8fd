import { COMPLAINTS_DESK_AGENCY, ComplaintCategory, ComplaintCategoryCatalogue, FOLLOW_UP_WORKING_DAYS } from './complaint-category';
import { palembangComplaintCategories } from './palembang-categories';

describe('the Palembang complaint categories', () => {
  const catalogue = new ComplaintCategoryCatalogue(palembangComplaintCategories());

  it('route each kind of report to the agency responsible for it', () => {
    expect(catalogue.list()).toHaveLength(10);
    expect(catalogue.find('JALAN-RUSAK')).toMatchObject({ agencyId: 'dinas-pupr', followUpKind: 'field-examination' });
    expect(catalogue.find('SAMPAH-LINGKUNGAN')?.agencyId).toBe('dinas-lingkungan-hidup');
    expect(catalogue.find('ADMINDUK')?.agencyId).toBe('disdukcapil');
    expect(catalogue.find('PUNGLI-ASN')?.agencyId).toBe('inspektorat');
    expect(new Set(catalogue.list().map((category) => category.agencyId))).toEqual(
      new Set(['dinas-pupr', 'dinas-lingkungan-hidup', 'dinas-perhubungan', 'dinas-kesehatan', 'disdukcapil', 'dpmptsp', 'inspektorat', 'dinas-pendidikan', 'dinas-sosial']),
    );
  });

  it('never route to the complaints desk itself', () => {
    expect(catalogue.list().every((category) => category.agencyId !== COMPLAINTS_DESK_AGENCY)).toBe(true);
    expect(COMPLAINTS_DESK_AGENCY).toBe('dinas-kominfo');
  });

  it('know nothing of an unknown code', () => {
    expect(catalogue.find('SIUP-LAMA')).toBeUndefined();
  });

  it('come fresh on every call', () => {
    const mine = palembangComplaintCategories();
    mine.pop();
    expect(palembangComplaintCategories()).toHaveLength(10);
  });
});

describe('the follow-up deadlines of SP4N-LAPOR!', () => {
  it('are 5, 14 and 60 working days by kind', () => {
    expect(FOLLOW_UP_WORKING_DAYS).toEqual({ standard: 5, 'no-field-check': 14, 'field-examination': 60 });
  });
});

describe('a category catalogue', () => {
  const valid: ComplaintCategory = { code: 'JALAN-RUSAK', name: 'Jalan Rusak', description: '', agencyId: 'dinas-pupr', followUpKind: 'standard' };

  it('refuses inconsistent configuration', () => {
    expect(() => new ComplaintCategoryCatalogue([valid, valid])).toThrow('defined twice');
    expect(() => new ComplaintCategoryCatalogue([{ ...valid, code: 'jalan rusak' }])).toThrow('code');
    expect(() => new ComplaintCategoryCatalogue([{ ...valid, name: ' ' }])).toThrow('name');
    expect(() => new ComplaintCategoryCatalogue([{ ...valid, agencyId: 'Dinas PUPR' }])).toThrow('agency');
    expect(() => new ComplaintCategoryCatalogue([{ ...valid, agencyId: COMPLAINTS_DESK_AGENCY }])).toThrow('desk');
    expect(() => new ComplaintCategoryCatalogue([{ ...valid, followUpKind: 'urgent' as never }])).toThrow('follow-up kind');
  });
});
