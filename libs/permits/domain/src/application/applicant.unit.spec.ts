import { applicantProblem, isValidEmail, isValidNik, isValidPhone } from './applicant';
import { applicant } from './permit-application.fixtures';

describe('an applicant', () => {
  it('is accepted with complete details, e-mail being optional', () => {
    expect(applicantProblem(applicant)).toBeUndefined();
    expect(applicantProblem({ ...applicant, email: null })).toBeUndefined();
  });

  it('still offers the identity and contact rules of @palembang/citizens to existing imports', () => {
    expect(isValidNik(applicant.nik)).toBe(true);
    expect(isValidPhone(applicant.phone)).toBe(true);
    expect(isValidEmail(applicant.email as string)).toBe(true);
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
