import { assertNever } from '@palembang/events/core';
import { Complaint, ComplaintEvent, ComplaintStatus, evolveComplaint, initialComplaint } from './complaint';

/**
 * One public step of a complaint, safe to show to anyone with the tracking code: no
 * personal data of the reporter, no officer names, not even the report's own text
 * (reporters write names and addresses into it). The agencies' public updates and
 * their response are shown: they are written for the public.
 */
export type ComplaintTimelineEntry = Readonly<{
  at: string;
  event: ComplaintEvent['type'];
  /** The status the complaint is in after this step. */
  status: ComplaintStatus;
  /** Indonesian label for the portal. */
  label: string;
  details: Readonly<Record<string, string | number | boolean>>;
}>;

/** The public timeline of a complaint from its events, in order. */
export function timelineOf(events: readonly ComplaintEvent[]): readonly ComplaintTimelineEntry[] {
  let state: Complaint = initialComplaint();
  return events.map((event) => {
    state = evolveComplaint(state, event);
    return { ...stepOf(event), event: event.type, status: state.status };
  });
}

function stepOf(event: ComplaintEvent): Pick<ComplaintTimelineEntry, 'at' | 'label' | 'details'> {
  const { data } = event;
  switch (event.type) {
    case 'ComplaintSubmitted': {
      const { trackingCode, intakeType, categoryCode, channel, verificationDeadline, verificationProvisional } = event.data;
      return { at: event.data.submittedAt, label: 'Laporan diterima', details: { trackingCode, intakeType, categoryCode, channel, verificationDeadline, ...provisional(verificationProvisional) } };
    }
    case 'ComplaintVerified':
      return { at: event.data.verifiedAt, label: 'Laporan diverifikasi dan diteruskan ke instansi', details: { agencyId: data.agencyId, followUpDays: event.data.followUpDays, followUpDeadline: event.data.followUpDeadline, ...provisional(event.data.followUpProvisional) } };
    case 'ComplaintArchived': {
      const { reason, note, duplicateOf, archivedAt } = event.data;
      const label = reason === 'duplicate' ? 'Laporan diarsipkan: sama dengan laporan lain' : 'Laporan diarsipkan: tidak dapat ditindaklanjuti';
      return { at: archivedAt, label, details: duplicateOf === null ? { note } : { note, duplicateOf } };
    }
    case 'ComplaintAccepted':
      return { at: event.data.acceptedAt, label: 'Laporan diterima instansi dan sedang ditindaklanjuti', details: { agencyId: data.agencyId, followUpDeadline: event.data.followUpDeadline } };
    case 'AuthorityDeclined':
      return { at: event.data.declinedAt, label: 'Bukan kewenangan instansi; laporan dikembalikan untuk diteruskan ulang', details: { declinedBy: event.data.declinedBy, reason: event.data.reason } };
    case 'ComplaintRerouted':
      return { at: event.data.reroutedAt, label: 'Laporan diteruskan ke instansi yang berwenang', details: { agencyId: data.agencyId, followUpDays: event.data.followUpDays, followUpDeadline: event.data.followUpDeadline, ...provisional(event.data.followUpProvisional) } };
    case 'PublicUpdatePosted':
      return { at: event.data.postedAt, label: 'Perkembangan tindak lanjut', details: { message: event.data.message } };
    case 'ComplaintResolved':
      return {
        at: event.data.resolvedAt,
        label: 'Laporan selesai ditindaklanjuti',
        details: { response: event.data.response, withinDeadline: event.data.withinDeadline, autoCloseAt: event.data.autoCloseAt, ...provisional(event.data.autoCloseProvisional) },
      };
    case 'ResolutionConfirmed':
      return { at: event.data.confirmedAt, label: 'Pelapor menyatakan laporan selesai', details: {} };
    case 'ResolutionDisputed':
      return { at: event.data.disputedAt, label: 'Pelapor belum puas; laporan dibuka kembali', details: { reopenCount: event.data.reopenCount, followUpDeadline: event.data.followUpDeadline, ...provisional(event.data.followUpProvisional) } };
    case 'ComplaintAutoClosed':
      return { at: event.data.closedAt, label: 'Laporan ditutup otomatis', details: {} };
    case 'VerificationOverdue':
      return { at: event.data.detectedAt, label: 'Batas waktu verifikasi terlampaui', details: { verificationDeadline: event.data.verificationDeadline } };
    case 'FollowUpOverdue':
      return { at: event.data.detectedAt, label: 'Batas waktu tindak lanjut terlampaui', details: { followUpDeadline: event.data.followUpDeadline } };
    case 'ComplaintDeadlineRecalculated': {
      const { clock, previousDeadline, deadline, reason, recalculatedAt } = event.data;
      return { at: recalculatedAt, label: 'Batas waktu dihitung ulang', details: { clock, previousDeadline, deadline, provisional: event.data.provisional, reason } };
    }
    default:
      return assertNever(event);
  }
}

/** A deadline still to be confirmed by the year's published calendar says so; a final one shows as before. */
function provisional(mark: boolean | undefined): { provisional?: true } {
  return mark ? { provisional: true } : {};
}
