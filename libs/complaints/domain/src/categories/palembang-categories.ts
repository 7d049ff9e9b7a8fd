import { ComplaintCategory } from './complaint-category';

/**
 * Seed categories modelled on the reports Kota Palembang receives through SP4N-LAPOR!
 * and its own channels. Demo data: each city configures its own catalogue. A fresh
 * array on every call, so no caller can change another's.
 */
export function palembangComplaintCategories(): ComplaintCategory[] {
  return [
    {
      code: 'JALAN-RUSAK',
      name: 'Jalan Rusak dan Berlubang',
      description: 'Jalan kota berlubang, retak atau amblas, termasuk jembatan dan trotoar.',
      agencyId: 'dinas-pupr',
      followUpKind: 'field-examination',
    },
    {
      code: 'DRAINASE-BANJIR',
      name: 'Drainase Tersumbat dan Genangan Banjir',
      description: 'Saluran air dan gorong-gorong tersumbat, genangan atau banjir setelah hujan, kolam retensi.',
      agencyId: 'dinas-pupr',
      followUpKind: 'field-examination',
    },
    {
      code: 'SAMPAH-LINGKUNGAN',
      name: 'Sampah dan Pencemaran Lingkungan',
      description: 'Sampah tidak diangkut, TPS liar, pembuangan limbah, pencemaran air Sungai Musi dan anak sungainya, asap dan bau.',
      agencyId: 'dinas-lingkungan-hidup',
      followUpKind: 'no-field-check',
    },
    {
      code: 'LAMPU-LALU-LINTAS',
      name: 'Penerangan Jalan, Lalu Lintas dan Parkir',
      description: 'Lampu penerangan jalan umum padam, lampu lalu lintas rusak, kemacetan, parkir liar dan juru parkir tanpa karcis.',
      agencyId: 'dinas-perhubungan',
      followUpKind: 'no-field-check',
    },
    {
      code: 'LAYANAN-PUSKESMAS',
      name: 'Pelayanan Puskesmas',
      description: 'Antrean, jam layanan, sikap petugas, obat dan pelayanan BPJS Kesehatan di puskesmas.',
      agencyId: 'dinas-kesehatan',
      followUpKind: 'no-field-check',
    },
    {
      code: 'ADMINDUK',
      name: 'Administrasi Kependudukan (KTP-el, KK, Akta)',
      description: 'Pencetakan KTP-el, perubahan Kartu Keluarga, akta kelahiran dan kematian, pindah datang.',
      agencyId: 'disdukcapil',
      followUpKind: 'standard',
    },
    {
      code: 'LAYANAN-PERIZINAN',
      name: 'Pelayanan Perizinan',
      description: 'Pelayanan perizinan dan nonperizinan di Mal Pelayanan Publik dan DPMPTSP, termasuk OSS.',
      agencyId: 'dpmptsp',
      followUpKind: 'standard',
    },
    {
      code: 'PUNGLI-ASN',
      name: 'Pungutan Liar dan Perilaku Aparatur',
      description: 'Pungutan liar, gratifikasi dan pelanggaran disiplin atau etika aparatur sipil negara.',
      agencyId: 'inspektorat',
      followUpKind: 'field-examination',
    },
    {
      code: 'PENDIDIKAN',
      name: 'Pendidikan dan Sekolah',
      description: 'Penerimaan peserta didik baru (PPDB/SPMB), pungutan sekolah, sarana sekolah dasar dan menengah pertama.',
      agencyId: 'dinas-pendidikan',
      followUpKind: 'no-field-check',
    },
    {
      code: 'BANTUAN-SOSIAL',
      name: 'Bantuan Sosial',
      description: 'Penyaluran PKH, BPNT dan bantuan sosial lain, data DTKS/DTSEN yang keliru.',
      agencyId: 'dinas-sosial',
      followUpKind: 'no-field-check',
    },
  ];
}
