import { reject, Rejection } from '@palembang/events/core';
import { ApplicantDetails, PermitRejectionCodes } from './permit-application.commands';

/**
 * A NIK has 16 digits: province (2, 11-94), regency/city (2), district (2), date of
 * birth DDMMYY (women add 40 to the day) and a serial number (4, never 0000).
 */
export function isValidNik(nik: string): boolean {
  if (!/^\d{16}$/.test(nik)) return false;
  const province = Number(nik.slice(0, 2));
  const day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const birthDayValid = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
  return province >= 11 && province <= 94 && birthDayValid && month >= 1 && month <= 12 && nik.slice(12) !== '0000';
}

/** Indonesian phone numbers: 0 or +62 followed by 8 to 13 digits; spaces and dashes ignored. */
export function isValidPhone(phone: string): boolean {
  return /^(\+62|0)[1-9]\d{7,12}$/.test(phone.replace(/[\s-]/g, ''));
}

export function isValidEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254;
}

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
