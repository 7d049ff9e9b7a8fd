import { assertNever } from '@palembang/events/core';
import { ApplicationStatus, evolvePermitApplication, initialPermitApplication, PermitApplication, PermitApplicationEvent } from './permit-application';

/** One public step of an application: no personal data and no staff names, safe to show to anyone with the tracking code. */
export type TimelineEntry = Readonly<{
  at: string;
  event: PermitApplicationEvent['type'];
  /** The status the application is in after this step. */
  status: ApplicationStatus;
  /** Indonesian label for the portal. */
  label: string;
  details: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}>;

/** The public timeline of an application from its events, in order. */
export function timelineOf(events: readonly PermitApplicationEvent[]): readonly TimelineEntry[] {
  let state: PermitApplication = initialPermitApplication();
  return events.map((event) => {
    state = evolvePermitApplication(state, event);
    return { ...stepOf(event), event: event.type, status: state.status };
  });
}

function stepOf(event: PermitApplicationEvent): Pick<TimelineEntry, 'at' | 'label' | 'details'> {
  switch (event.type) {
    case 'ApplicationSubmitted':
      return { at: event.data.submittedAt, label: 'Permohonan diterima', details: { trackingCode: event.data.trackingCode, permitTypeCode: event.data.permitTypeCode, agencyId: event.data.agencyId } };
    case 'RevisionRequested':
      return { at: event.data.requestedAt, label: 'Perbaikan berkas diminta', details: { missingDocuments: event.data.missingDocuments, reason: event.data.reason } };
    case 'ApplicationResubmitted':
      return {
        at: event.data.resubmittedAt,
        label: 'Berkas perbaikan diterima',
        details: event.data.slaDeadline === null ? {} : { slaDeadline: event.data.slaDeadline, ...provisionalDetail(event.data.slaDeadlineProvisional) },
      };
    case 'ApplicationVerified':
      return {
        at: event.data.verifiedAt,
        label: 'Berkas lengkap, waktu layanan berjalan',
        details: { processingDays: event.data.processingDays, slaDeadline: event.data.slaDeadline, ...provisionalDetail(event.data.slaDeadlineProvisional) },
      };
    case 'SlaDeadlineRecalculated': {
      const { previousDeadline, deadline, provisional, reason, recalculatedAt } = event.data;
      return { at: recalculatedAt, label: 'Batas waktu layanan dihitung ulang', details: { previousDeadline, slaDeadline: deadline, provisional, reason } };
    }
    case 'ReviewStarted':
      return { at: event.data.startedAt, label: 'Permohonan sedang diperiksa', details: {} };
    case 'SlaBreached':
      return { at: event.data.detectedAt, label: 'Batas waktu layanan terlampaui', details: { slaDeadline: event.data.slaDeadline } };
    case 'ApplicationApproved':
      return { at: event.data.approvedAt, label: 'Permohonan disetujui', details: {} };
    case 'ApplicationDeemedApproved':
      return { at: event.data.detectedAt, label: 'Disetujui demi hukum (fiktif positif)', details: { slaDeadline: event.data.slaDeadline } };
    case 'PermitIssued':
      return { at: event.data.issuedAt, label: 'Izin terbit', details: { permitNumber: event.data.permitNumber } };
    case 'ApplicationRejected':
      return { at: event.data.rejectedAt, label: 'Permohonan ditolak', details: { reason: event.data.reason } };
    case 'ApplicationWithdrawn':
      return { at: event.data.withdrawnAt, label: 'Permohonan dicabut oleh pemohon', details: {} };
    default:
      return assertNever(event);
  }
}

/** A deadline resting on an unpublished calendar year is shown as an estimate; a settled one carries no mark. */
function provisionalDetail(provisional: boolean | undefined): { provisional?: true } {
  return provisional ? { provisional: true } : {};
}
