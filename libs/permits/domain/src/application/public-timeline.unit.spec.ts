import { applicant, event, sip, submitted } from './permit-application.fixtures';
import { publicTimelineOf } from './public-timeline';

describe('the public timeline of a permit application (what the tracking page shows without a credential)', () => {
  const events = [
    submitted(sip, '2026-03-02T09:00:00+07:00'),
    event('RevisionRequested', sip, { missingDocuments: ['STR'], reason: 'STR atas nama dr. Sari kedaluwarsa', requestedAt: '2026-03-03T10:00:00+07:00', slaClockPaused: false }),
    event('ApplicationResubmitted', sip, { documents: ['STR'], resubmittedAt: '2026-03-04T08:30:00+07:00', pausedWorkingDays: null, slaDeadline: null }),
    event('ApplicationVerified', sip, { verifiedAt: '2026-03-04T11:00:00+07:00', processingDays: 10, slaDeadline: '2026-03-18T23:59:59+07:00' }),
    event('ReviewStarted', sip, { officerId: 'officer-dinkes-12', startedAt: '2026-03-05T09:00:00+07:00' }),
    event('ApplicationRejected', sip, { reason: 'Alamat praktik di Jl. Kapten Rivai 7 tidak sesuai', rejectedBy: 'officer-dinkes-12', rejectedAt: '2026-03-06T14:00:00+07:00' }),
  ];

  it('gives each step its time, event, status after it, Indonesian label and responsible agency, in order', () => {
    expect(publicTimelineOf(events)).toEqual([
      { at: '2026-03-02T09:00:00+07:00', event: 'ApplicationSubmitted', status: 'submitted', label: 'Permohonan diterima', agencyId: 'dinas-kesehatan' },
      { at: '2026-03-03T10:00:00+07:00', event: 'RevisionRequested', status: 'revision-requested', label: 'Perbaikan berkas diminta', agencyId: 'dinas-kesehatan' },
      { at: '2026-03-04T08:30:00+07:00', event: 'ApplicationResubmitted', status: 'submitted', label: 'Berkas perbaikan diterima', agencyId: 'dinas-kesehatan' },
      { at: '2026-03-04T11:00:00+07:00', event: 'ApplicationVerified', status: 'verified', label: 'Berkas lengkap, waktu layanan berjalan', agencyId: 'dinas-kesehatan' },
      { at: '2026-03-05T09:00:00+07:00', event: 'ReviewStarted', status: 'under-review', label: 'Permohonan sedang diperiksa', agencyId: 'dinas-kesehatan' },
      { at: '2026-03-06T14:00:00+07:00', event: 'ApplicationRejected', status: 'rejected', label: 'Permohonan ditolak', agencyId: 'dinas-kesehatan' },
    ]);
  });

  it("holds none of the applicant's data, no officer and no officer's own words", () => {
    const shown = JSON.stringify(publicTimelineOf(events));
    for (const secret of [applicant.applicantId, applicant.nik, applicant.name, applicant.phone, applicant.address, 'officer-dinkes-12', 'dr. Sari', 'Kapten Rivai', 'STR']) {
      expect(shown).not.toContain(secret);
    }
  });
});
