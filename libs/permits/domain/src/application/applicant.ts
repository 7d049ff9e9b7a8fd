import { isValidEmail, isValidNik, isValidPhone } from '@palembang/citizens';
import { reject, Rejection } from '@palembang/events/core';
import { ApplicantDetails, PermitRejectionCodes } from './permit-application.commands';

/** Re-exported from @palembang/citizens, where the rules of Indonesian identity numbers and contacts live. */
export { isValidEmail, isValidNik, isValidPhone };

/** The first problem with the applicant's details, or undefined. */
export function applicantProblem(applicant: ApplicantDetails): Rejection | undefined {
  const invalid = (field: keyof ApplicantDetails, message: string) => reject(PermitRejectionCodes.INVALID_INPUT, message, `applicant.${field}`);
  if (!applicant.applicantId.trim()) return invalid('applicantId', 'The applicant id is required');
  if (applicant.applicantId === applicant.nik) return invalid('applicantId', 'The applicant id must not be the NIK');
  if (!isValidNik(applicant.nik)) return reject(PermitRejectionCodes.INVALID_NIK, 'The NIK must be a valid 16-digit Nomor Induk Kependudukan', 'applicant.nik');
  if (!applicant.name.trim() || applicant.name.length > 200) return invalid('name', 'The name is required (at most 200 characters)');
  if (!isValidPhone(applicant.phone)) return invalid('phone', 'The phone number must be an Indonesian number starting with 0 or +62');
  if (applicant.email != null && !isValidEmail(applicant.email)) return invalid('email', 'The e-mail address is not valid');
  if (!applicant.address.trim()) return invalid('address', 'The address is required');
  return undefined;
}
