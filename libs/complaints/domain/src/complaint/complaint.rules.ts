import { reject, Rejection } from '@palembang/events/core';
import { COMPLAINTS_DESK_AGENCY, ComplaintCategory, FollowUpKind, isAgencyId, isFollowUpKind } from '../categories/complaint-category';
import { CHANNELS, INTAKE_TYPES, IntakeType } from './complaint';
import { ComplaintRejectionCodes as Codes, SubmitComplaint } from './complaint.commands';
import { reporterProblem } from './reporter';

/** The first problem with a submission, or undefined; the category is looked up by the decider. */
export function submissionProblem(data: SubmitComplaint['data']): Rejection | undefined {
  if (typeof data.complaintId !== 'string' || !data.complaintId.trim()) return invalid('complaintId', 'The complaint id is required');
  if (!/^[A-Z0-9][A-Z0-9-]{3,39}$/.test(data.trackingCode)) return invalid('trackingCode', 'The tracking code must be 4-40 upper case letters, digits or dashes');
  if (!INTAKE_TYPES.includes(data.intakeType)) return invalid('intakeType', `The intake type must be one of ${INTAKE_TYPES.join(', ')}`);
  if (!CHANNELS.includes(data.channel)) return invalid('channel', `The channel must be one of ${CHANNELS.join(', ')}`);
  if (typeof data.categoryCode !== 'string' || !data.categoryCode.trim()) return invalid('categoryCode', 'The category is required');
  if (!required(data.title, 150)) return invalid('title', 'The title is required (at most 150 characters)');
  if (!required(data.description, 4000)) return invalid('description', 'The description is required (at most 4000 characters)');
  const { location, address } = data;
  if (location != null) {
    if (!inRange(location.latitude, 90)) return invalid('location.latitude', 'The latitude must be a number from -90 to 90');
    if (!inRange(location.longitude, 180)) return invalid('location.longitude', 'The longitude must be a number from -180 to 180');
  }
  if (address != null && (typeof address !== 'string' || address.length > 500)) return invalid('address', 'The address must be text of at most 500 characters');
  if (location == null && !address?.trim()) return invalid('location', 'Give a location or an address of the matter reported');
  if (typeof data.anonymous !== 'boolean') return invalid('anonymous', 'Say whether the report is anonymous');
  if (!data.reporter || typeof data.reporter !== 'object') return invalid('reporter', 'The reporter is required');
  return reporterProblem(data.reporter);
}

/** An information request is answered within the standard 5 working days; anything else follows its category. */
export function defaultFollowUpKind(intakeType: IntakeType, category: ComplaintCategory | undefined): FollowUpKind | undefined {
  return intakeType === 'information-request' ? 'standard' : category?.followUpKind;
}

/** The first problem with the agency and the follow-up kind a complaint is routed with, or undefined. */
export function routingProblem(agencyId: string | null | undefined, kind: FollowUpKind | null | undefined): Rejection | undefined {
  if (agencyId != null && !isAgencyId(agencyId)) return invalid('agencyId', 'The agency id must be lower case letters, digits and dashes');
  if (agencyId === COMPLAINTS_DESK_AGENCY) return invalid('agencyId', 'Route the complaint to an agency, not to the complaints desk');
  if (kind != null && !isFollowUpKind(kind)) return invalid('followUpKind', 'The follow-up kind must be standard, no-field-check or field-examination');
  return undefined;
}

export function invalid(field: string, message: string): Rejection {
  return reject(Codes.INVALID_INPUT, message, field);
}

/** The trimmed text when present and at most `max` characters long, else undefined. */
export function required(text: unknown, max: number): string | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  return trimmed.length > 0 && trimmed.length <= max ? trimmed : undefined;
}

function inRange(value: unknown, limit: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= -limit && value <= limit;
}
