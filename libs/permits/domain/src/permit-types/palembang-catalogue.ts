import { PermitType } from './permit-type';

/**
 * Seed catalogue modelled on the services of Kota Palembang. Processing times and
 * document lists follow typical published service standards of Indonesian cities;
 * they are demo data, to be replaced by each agency's own Standar Pelayanan. Every
 * fee is 0: since UU 1/2022 (HKPD) these services carry no service fee of their
 * own; the PBG levy and the billboard tax are assessed per case and billed elsewhere.
 */
export const PALEMBANG_PERMIT_TYPES: readonly PermitType[] = [
  {
    code: 'PBG',
    name: 'Persetujuan Bangunan Gedung',
    agencyId: 'dinas-pupr',
    requiredDocuments: ['ktp', 'bukti-kepemilikan-tanah', 'pkkpr', 'gambar-arsitektur', 'gambar-struktur', 'gambar-utilitas'],
    feeIdr: 0,
    processingDays: 28,
    deemedApproval: true,
    legalBasis: 'PP 16/2021 (Bangunan Gedung); PP 28/2025 (fiktif positif)',
  },
  {
    code: 'SLF',
    name: 'Sertifikat Laik Fungsi',
    agencyId: 'dinas-pupr',
    requiredDocuments: ['pbg', 'surat-pernyataan-kelaikan-fungsi', 'as-built-drawing'],
    feeIdr: 0,
    processingDays: 3,
    deemedApproval: false,
    legalBasis: 'PP 16/2021 (Bangunan Gedung)',
  },
  {
    code: 'SIP-DOKTER',
    name: 'Surat Izin Praktik Dokter',
    agencyId: 'dinas-kesehatan',
    requiredDocuments: ['ktp', 'str', 'surat-keterangan-tempat-praktik', 'pas-foto'],
    feeIdr: 0,
    processingDays: 7,
    deemedApproval: false,
    legalBasis: 'UU 17/2023 (Kesehatan)',
  },
  {
    code: 'SIP-PERAWAT',
    name: 'Surat Izin Praktik Perawat',
    agencyId: 'dinas-kesehatan',
    requiredDocuments: ['ktp', 'str', 'surat-keterangan-tempat-praktik', 'pas-foto'],
    feeIdr: 0,
    processingDays: 7,
    deemedApproval: false,
    legalBasis: 'UU 17/2023 (Kesehatan)',
  },
  {
    code: 'IUTS',
    name: 'Izin Usaha Toko Swalayan',
    agencyId: 'dpmptsp',
    requiredDocuments: ['nib', 'ktp', 'pkkpr', 'kajian-sosial-ekonomi', 'rencana-kemitraan-umkm'],
    feeIdr: 0,
    processingDays: 10,
    deemedApproval: true,
    legalBasis: 'PP 28/2025 (Perizinan Berusaha Berbasis Risiko)',
  },
  {
    code: 'REKLAME',
    name: 'Izin Penyelenggaraan Reklame',
    agencyId: 'dpmptsp',
    requiredDocuments: ['ktp', 'npwpd', 'desain-reklame', 'foto-lokasi', 'izin-pemilik-lahan'],
    feeIdr: 0,
    processingDays: 5,
    deemedApproval: false,
    legalBasis: 'Peraturan Daerah Kota Palembang tentang penyelenggaraan reklame',
  },
  {
    code: 'TDUP',
    name: 'Tanda Daftar Usaha Pariwisata',
    agencyId: 'dinas-pariwisata',
    requiredDocuments: ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'],
    feeIdr: 0,
    processingDays: 3,
    deemedApproval: true,
    legalBasis: 'PP 28/2025 (Perizinan Berusaha Berbasis Risiko)',
  },
  {
    code: 'SPPL',
    name: 'Surat Pernyataan Kesanggupan Pengelolaan dan Pemantauan Lingkungan Hidup',
    agencyId: 'dinas-lingkungan-hidup',
    requiredDocuments: ['nib', 'ktp', 'formulir-sppl', 'denah-lokasi'],
    feeIdr: 0,
    processingDays: 3,
    deemedApproval: false,
    legalBasis: 'PP 22/2021 (Perlindungan dan Pengelolaan Lingkungan Hidup)',
  },
];
