import { COMPLAINTS_DESK_AGENCY } from '../categories/complaint-category';
import { complaintEvent, SAMPLE_REPORTER, SAMPLE_STREET_LIGHT_COMPLAINT, sampleSubmitted } from './complaint.fixtures';
import { publicComplaintTimelineOf } from './public-timeline';

const light = SAMPLE_STREET_LIGHT_COMPLAINT;

describe('the public timeline of a complaint (what the tracking page shows without a credential)', () => {
  const events = [
    sampleSubmitted(light, '2026-03-02T09:00:00+07:00', '2026-03-05T23:59:59+07:00'),
    complaintEvent('ComplaintVerified', light, { agencyId: 'dinas-perhubungan', followUpKind: 'standard', followUpDays: 14, verifiedAt: '2026-03-03T09:00:00+07:00', followUpDeadline: '2026-03-23T23:59:59+07:00' }),
    complaintEvent('AuthorityDeclined', light, { agencyId: COMPLAINTS_DESK_AGENCY, declinedBy: 'dinas-perhubungan', reason: 'Lampu jalan milik PUPR, kata Pak Joko', declinedAt: '2026-03-04T10:00:00+07:00', verificationDeadline: '2026-03-09T23:59:59+07:00' }),
    complaintEvent('ComplaintRerouted', light, { agencyId: 'dinas-pupr', previousAgencyId: 'dinas-perhubungan', followUpKind: 'standard', followUpDays: 5, reroutedAt: '2026-03-05T09:00:00+07:00', followUpDeadline: '2026-03-12T23:59:59+07:00' }),
    complaintEvent('ComplaintAccepted', light, { agencyId: 'dinas-pupr', acceptedAt: '2026-03-05T13:00:00+07:00', followUpDeadline: '2026-03-12T23:59:59+07:00' }),
    complaintEvent('PublicUpdatePosted', light, { agencyId: 'dinas-pupr', message: 'Petugas kami, Ibu Ratna, sudah ke lokasi', postedAt: '2026-03-06T09:00:00+07:00' }),
    complaintEvent('ComplaintResolved', light, {
      agencyId: 'dinas-pupr', response: 'Lampu diganti', resolvedAt: '2026-03-09T15:00:00+07:00', followUpDeadline: '2026-03-12T23:59:59+07:00', withinDeadline: true, autoCloseAt: '2026-03-23T23:59:59+07:00',
    }),
  ];

  it('gives each step its time, status after it, Indonesian label and the agency responsible once it happened', () => {
    expect(publicComplaintTimelineOf(events).map(({ event, status, label, agencyId }) => [event, status, label, agencyId])).toEqual([
      ['ComplaintSubmitted', 'received', 'Laporan diterima', COMPLAINTS_DESK_AGENCY],
      ['ComplaintVerified', 'routed', 'Laporan diverifikasi dan diteruskan ke instansi', 'dinas-perhubungan'],
      // The decline sends the report back to the desk; the agency that declined is not named.
      ['AuthorityDeclined', 'awaiting-reroute', 'Bukan kewenangan instansi; laporan dikembalikan untuk diteruskan ulang', COMPLAINTS_DESK_AGENCY],
      ['ComplaintRerouted', 'routed', 'Laporan diteruskan ke instansi yang berwenang', 'dinas-pupr'],
      ['ComplaintAccepted', 'in-progress', 'Laporan diterima instansi dan sedang ditindaklanjuti', 'dinas-pupr'],
      ['PublicUpdatePosted', 'in-progress', 'Perkembangan tindak lanjut', 'dinas-pupr'],
      ['ComplaintResolved', 'resolved', 'Laporan selesai ditindaklanjuti', 'dinas-pupr'],
    ]);
    expect(publicComplaintTimelineOf(events).map((step) => step.at)).toEqual(events.map((event) => Object.entries(event.data).find(([key]) => key.endsWith('At') && key !== 'autoCloseAt')?.[1]));
  });

  it("holds none of the reporter's data, nor the report, nor any agency's own words", () => {
    const shown = JSON.stringify(publicComplaintTimelineOf(events));
    for (const secret of [SAMPLE_REPORTER.reporterId, SAMPLE_REPORTER.name, SAMPLE_REPORTER.nik as string, SAMPLE_REPORTER.phone as string, 'Demang Lebar Daun', 'Pak Joko', 'Ibu Ratna', 'Lampu diganti', 'LPR-']) {
      expect(shown).not.toContain(secret);
    }
  });
});
