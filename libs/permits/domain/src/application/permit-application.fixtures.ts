// Shared test data of the permit application specifications (not part of the public API).
import { deciderSpecification } from '@palembang/events/core';
import { DeadlineCalendar, indonesianCalendar } from '@palembang/working-days';
import { PALEMBANG_PERMIT_TYPES } from '../permit-types/palembang-catalogue';
import { snapshotOf } from '../permit-types/permit-type';
import { ApplicantDetails, PermitApplicationCommand } from './permit-application.commands';
import { permitApplicationDecider } from './permit-application.decide';
import { ApplicationRef, ApplicationSubmitted, PermitApplicationEvent } from './permit-application';

export const decider = permitApplicationDecider({ permitTypes: PALEMBANG_PERMIT_TYPES, calendar: indonesianCalendar() });
export const spec = deciderSpecification(decider);

/** The specification of a decider deciding with another calendar (a year published, an amendment). */
export const specWith = (calendar: DeadlineCalendar) => deciderSpecification(permitApplicationDecider({ permitTypes: PALEMBANG_PERMIT_TYPES, calendar }));

/** A practice licence for a doctor: 7 working days, no deemed approval. */
export const sip: ApplicationRef = { applicationId: 'app-sip-1', agencyId: 'dinas-kesehatan', permitTypeCode: 'SIP-DOKTER' };
/** A tourism business registration: 3 working days, deemed approval. */
export const tdup: ApplicationRef = { applicationId: 'app-tdup-1', agencyId: 'dinas-pariwisata', permitTypeCode: 'TDUP' };

export const applicant: ApplicantDetails = {
  applicantId: 'citizen-42',
  nik: '1671011708900001',
  name: 'Siti Aminah',
  phone: '0812-7300-1234',
  email: 'siti.aminah@example.id',
  address: 'Jl. Merdeka No. 1, Bukit Kecil, Palembang',
};

export const documentsOf = (ref: ApplicationRef): string[] => [...standardOf(ref).requiredDocuments];

export function standardOf(ref: ApplicationRef) {
  const type = PALEMBANG_PERMIT_TYPES.find((candidate) => candidate.code === ref.permitTypeCode);
  if (!type) throw new Error(`no type ${ref.permitTypeCode}`);
  return snapshotOf(type);
}

type CommandOf<T extends PermitApplicationCommand['type']> = Extract<PermitApplicationCommand, { type: T }>;

/** A command as it arrives, at `now` (Jakarta time), from `actor`. */
export function command<T extends PermitApplicationCommand['type']>(type: T, data: CommandOf<T>['data'], now: string, actor = 'officer-7'): CommandOf<T> {
  return { type, data, metadata: { now, agencyId: 'dpmptsp', actor, correlationId: 'corr-1' } } as CommandOf<T>;
}

export function submitted(ref: ApplicationRef, submittedAt: string, documents = documentsOf(ref)): ApplicationSubmitted {
  return {
    type: 'ApplicationSubmitted',
    data: { ...ref, trackingCode: 'PLG-2026-000123', applicant: { ...applicant, email: applicant.email ?? null }, documents, standard: standardOf(ref), submittedAt },
  };
}

type EventOf<T extends PermitApplicationEvent['type']> = Extract<PermitApplicationEvent, { type: T }>;

/** Any other event of the application, with its reference filled in. */
export function event<T extends Exclude<PermitApplicationEvent['type'], 'ApplicationSubmitted'>>(
  type: T,
  ref: ApplicationRef,
  data: Omit<EventOf<T>['data'], keyof ApplicationRef>,
): EventOf<T> {
  return { type, data: { ...ref, ...data } } as unknown as EventOf<T>;
}
