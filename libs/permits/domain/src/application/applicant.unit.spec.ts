import { applicantProblem, isValidNik, isValidPhone } from './applicant';
import { applicant } from './permit-application.fixtures';

describe('a NIK', () => {
  it('has 16 digits with a province code, a date of birth and a serial number', () => {
    expect(isValidNik('1671011708900001')).toBe(true);
    expect(isValidNik('1671015708900001')).toBe(true); // a woman's NIK: day of birth + 40
  });

  it('is refused when too short, not numeric, or with an impossible province, date or serial', () => {
    for (const nik of ['167101170890000', '16710117089000011', '16710117089O0001', '0971011708900001', '1671013208900001', '1671011713900001', '1671011708900000']) {
      expect(isValidNik(nik)).toBe(false);
    }
  });
});

describe('an applicant', () => {
  it('is accepted with complete details, e-mail being optional', () => {
    expect(applicantProblem(applicant)).toBeUndefined();
    expect(applicantProblem({ ...applicant, email: null })).toBeUndefined();
  });

  it('accepts mobile and Palembang landline numbers in the usual notations', () => {
    for (const phone of ['081273001234', '+62 812-7300-1234', '0711-352000']) expect(isValidPhone(phone)).toBe(true);
    expect(isValidPhone('812')).toBe(false);
  });

  it('names the field at fault', () => {
    expect(applicantProblem({ ...applicant, nik: '123' })).toMatchObject({ code: 'PERMIT.INVALID_NIK', field: 'applicant.nik' });
    expect(applicantProblem({ ...applicant, name: '  ' })).toMatchObject({ code: 'PERMIT.INVALID_INPUT', field: 'applicant.name' });
    expect(applicantProblem({ ...applicant, address: '' })).toMatchObject({ code: 'PERMIT.INVALID_INPUT', field: 'applicant.address' });
  });

  it('must not be identified by the NIK itself', () => {
    expect(applicantProblem({ ...applicant, applicantId: applicant.nik })).toMatchObject({ field: 'applicant.applicantId' });
  });
});
