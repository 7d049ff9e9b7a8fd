// Sample data for specifications of the complaints context, here and in the service.
import { COMPLAINTS_DESK_AGENCY } from '../categories/complaint-category';
import { ComplaintEvent, ComplaintRef, ComplaintSubmitted } from './complaint';
import { ComplaintCommand, ReporterDetails, SubmitComplaint } from './complaint.commands';

/** Auto-close period the fixtures configure the decider with. */
export const SAMPLE_AUTO_CLOSE_WORKING_DAYS = 10;

/** A report about a KTP-el that was never printed: Disdukcapil, standard follow-up (5 working days). */
export const SAMPLE_KTP_COMPLAINT: ComplaintRef = { complaintId: 'cmp-ktp-1', agencyId: COMPLAINTS_DESK_AGENCY, categoryCode: 'ADMINDUK', intakeType: 'complaint' };
/** A street light out, filed under transport (no field check, 14 working days), that public works turns out to own. */
export const SAMPLE_STREET_LIGHT_COMPLAINT: ComplaintRef = { complaintId: 'cmp-pju-1', agencyId: COMPLAINTS_DESK_AGENCY, categoryCode: 'LAMPU-LALU-LINTAS', intakeType: 'complaint' };

export const SAMPLE_REPORTER: ReporterDetails = {
  reporterId: 'citizen-77',
  name: 'Rahmat Hidayat',
  nik: '1671071203850002',
  phone: '0813-6700-4321',
  email: 'rahmat.hidayat@example.id',
};

/** The data of a SubmitComplaint for one of the sample refs. */
export function sampleSubmission(ref: ComplaintRef, overrides: Partial<SubmitComplaint['data']> = {}): SubmitComplaint['data'] {
  return {
    complaintId: ref.complaintId,
    trackingCode: `LPR-2026-${ref.complaintId.toUpperCase()}`,
    intakeType: ref.intakeType,
    channel: 'web',
    categoryCode: ref.categoryCode,
    title: ref.categoryCode === 'ADMINDUK' ? 'KTP-el belum dicetak sejak Juni' : 'Lampu jalan padam di Jl. Demang Lebar Daun',
    description: 'Sudah tiga kali datang ke kantor kecamatan, belum ada kejelasan.',
    location: { latitude: -2.9761, longitude: 104.7754 },
    address: 'Jl. Demang Lebar Daun, Ilir Barat I, Palembang',
    reporter: SAMPLE_REPORTER,
    anonymous: false,
    ...overrides,
  };
}

/** The event a valid submission records; the reporter's personal fields as given. */
export function sampleSubmitted(ref: ComplaintRef, submittedAt: string, verificationDeadline: string, overrides: Partial<SubmitComplaint['data']> = {}): ComplaintSubmitted {
  const { reporter, ...submission } = sampleSubmission(ref, overrides);
  return {
    type: 'ComplaintSubmitted',
    data: { ...ref, ...submission, reporter: { ...reporter }, submittedAt, verificationDeadline },
  };
}

type CommandOf<T extends ComplaintCommand['type']> = Extract<ComplaintCommand, { type: T }>;

/** A command as it arrives, at `now` (Jakarta time), from an agency (the desk by default). */
export function complaintCommand<T extends ComplaintCommand['type']>(type: T, data: CommandOf<T>['data'], now: string, agencyId = COMPLAINTS_DESK_AGENCY, actor = 'officer-3'): CommandOf<T> {
  return { type, data, metadata: { now, agencyId, actor, correlationId: 'corr-1' } } as CommandOf<T>;
}

type EventOf<T extends ComplaintEvent['type']> = Extract<ComplaintEvent, { type: T }>;

/** Any other event of the complaint, with its reference filled in (`agencyId` overridable in `data`). */
export function complaintEvent<T extends Exclude<ComplaintEvent['type'], 'ComplaintSubmitted'>>(
  type: T,
  ref: ComplaintRef,
  data: Omit<EventOf<T>['data'], keyof ComplaintRef> & Partial<Pick<ComplaintRef, 'agencyId'>>,
): EventOf<T> {
  return { type, data: { ...ref, ...data } } as unknown as EventOf<T>;
}
