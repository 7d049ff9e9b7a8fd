/** Each request is another citizen's application, as in real use (one personal-data key per applicant). */
let applicants = 0;

export function submissionBody(): string {
  return JSON.stringify({
    permitTypeCode: 'TDUP',
    documents: ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'],
    applicant: { applicantId: `warga-bench-${++applicants}`, nik: '1671014506880002', name: 'Nyimas Ayu Lestari', phone: '0812-7811-2201', email: 'ayu@example.id', address: 'Jl. Sudirman No. 12, Palembang' },
  });
}
