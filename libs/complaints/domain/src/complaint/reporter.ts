import { isValidEmail, isValidNik, isValidPhone } from '@palembang/citizens';
import { reject, Rejection } from '@palembang/events/core';
import { COMPLAINTS_DESK_AGENCY } from '../categories/complaint-category';
import { Complaint } from './complaint';
import { ComplaintRejectionCodes as Codes, ReporterDetails } from './complaint.commands';

/** The first problem with the reporter's details, or undefined. NIK, phone and e-mail are optional but must be valid when given. */
export function reporterProblem(reporter: ReporterDetails): Rejection | undefined {
  const invalid = (field: keyof ReporterDetails, message: string) => reject(Codes.INVALID_INPUT, message, `reporter.${field}`);
  if (typeof reporter.reporterId !== 'string' || !reporter.reporterId.trim() || reporter.reporterId.length > 100) return invalid('reporterId', 'The reporter id is required (at most 100 characters)');
  if (reporter.reporterId === reporter.nik || isValidNik(reporter.reporterId)) return invalid('reporterId', 'The reporter id must be pseudonymous, never the NIK');
  if (typeof reporter.name !== 'string' || !reporter.name.trim() || reporter.name.length > 200) return invalid('name', 'The name is required (at most 200 characters)');
  if (reporter.nik != null && !isValidNik(reporter.nik)) return reject(Codes.INVALID_NIK, 'The NIK must be a valid 16-digit Nomor Induk Kependudukan', 'reporter.nik');
  if (reporter.phone != null && !isValidPhone(reporter.phone)) return invalid('phone', 'The phone number must be an Indonesian number starting with 0 or +62');
  if (reporter.email != null && !isValidEmail(reporter.email)) return invalid('email', 'The e-mail address is not valid');
  return undefined;
}

/**
 * Whether the agency handling the complaint may learn who reported it. An anonymous
 * report never reveals its reporter to an agency: read models and APIs serving agencies
 * must leave the reporter out. The complaints desk always may, to verify the report
 * and to contact the reporter.
 */
export function reporterVisibleToAgency(state: Complaint): boolean {
  return state.status !== 'absent' && !state.anonymous;
}

/** The same rule for a given viewer: the complaints desk always sees the reporter, any other agency only when the report is not anonymous. */
export function reporterVisibleTo(state: Complaint, viewerAgencyId: string): boolean {
  if (state.status === 'absent') return false;
  return viewerAgencyId === COMPLAINTS_DESK_AGENCY || !state.anonymous;
}
