import { AgencyKind } from './agency-register-events';

export type AgencySeed = Readonly<{ agencyId: string; name: string; shortName: string; kind: AgencyKind }>;

const dinas = (agencyId: string, name: string, shortName: string): AgencySeed => ({ agencyId, name, shortName, kind: 'dinas' });
const badan = (agencyId: string, name: string, shortName: string): AgencySeed => ({ agencyId, name, shortName, kind: 'badan' });
const kecamatan = (name: string): AgencySeed => ({
  agencyId: `kecamatan-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
  name: `Kecamatan ${name}`,
  shortName: `Kec. ${name}`,
  kind: 'kecamatan',
});

/** The 18 kecamatan of Kota Palembang. */
export const PALEMBANG_KECAMATAN: readonly string[] = [
  'Ilir Barat I', 'Ilir Barat II', 'Ilir Timur I', 'Ilir Timur II', 'Ilir Timur III', 'Seberang Ulu I', 'Seberang Ulu II', 'Sukarami', 'Sako',
  'Kemuning', 'Kalidoni', 'Bukit Kecil', 'Gandus', 'Kertapati', 'Plaju', 'Alang-Alang Lebar', 'Sematang Borang', 'Jakabaring',
];

/**
 * The register a new installation starts with: the perangkat daerah of Kota Palembang
 * as the city's organisation lists them, registered once as real events (AgencyRegistered)
 * by the accountability service, which keeps the register. Published language, like the
 * events: each service's copy of the register starts from it, so a service accepts these
 * agencies before Kafka has delivered a single register event, whatever the start order. The ids are the ones the catalogues, demo clients and
 * fixtures already use; `pemkot-palembang` is the city government itself, the agency of
 * its administrators and dashboards.
 */
export const PALEMBANG_AGENCIES: readonly AgencySeed[] = [
  { agencyId: 'pemkot-palembang', name: 'Pemerintah Kota Palembang', shortName: 'Pemkot Palembang', kind: 'pemerintah-kota' },
  { agencyId: 'sekretariat-daerah', name: 'Sekretariat Daerah Kota Palembang', shortName: 'Setda', kind: 'sekretariat' },
  { agencyId: 'sekretariat-dprd', name: 'Sekretariat Dewan Perwakilan Rakyat Daerah Kota Palembang', shortName: 'Setwan', kind: 'sekretariat' },
  { agencyId: 'inspektorat', name: 'Inspektorat Kota Palembang', shortName: 'Inspektorat', kind: 'inspektorat' },
  { agencyId: 'satpol-pp', name: 'Satuan Polisi Pamong Praja', shortName: 'Satpol PP', kind: 'satuan' },
  dinas('dinas-pendidikan', 'Dinas Pendidikan', 'Disdik'),
  dinas('dinas-kesehatan', 'Dinas Kesehatan', 'Dinkes'),
  dinas('dinas-pupr', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'Dinas PUPR'),
  dinas('dinas-perkimtan', 'Dinas Perumahan Rakyat, Kawasan Permukiman dan Pertanahan', 'Disperkimtan'),
  dinas('dinas-pemadam-kebakaran', 'Dinas Pemadam Kebakaran dan Penyelamatan', 'Damkar'),
  dinas('dinas-sosial', 'Dinas Sosial', 'Dinsos'),
  dinas('dinas-tenaga-kerja', 'Dinas Tenaga Kerja', 'Disnaker'),
  dinas('dinas-pppa', 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak', 'DPPPA'),
  dinas('dinas-ppkb', 'Dinas Pengendalian Penduduk dan Keluarga Berencana', 'DPPKB'),
  dinas('dinas-ketahanan-pangan', 'Dinas Ketahanan Pangan', 'DKP'),
  dinas('dinas-lingkungan-hidup', 'Dinas Lingkungan Hidup dan Kebersihan', 'DLHK'),
  dinas('disdukcapil', 'Dinas Kependudukan dan Pencatatan Sipil', 'Disdukcapil'),
  dinas('dinas-perhubungan', 'Dinas Perhubungan', 'Dishub'),
  dinas('dinas-kominfo', 'Dinas Komunikasi dan Informatika', 'Diskominfo'),
  dinas('dinas-koperasi-ukm', 'Dinas Koperasi dan Usaha Kecil Menengah', 'Dinas Koperasi dan UKM'),
  dinas('dpmptsp', 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', 'DPMPTSP'),
  dinas('dinas-kepemudaan-olahraga', 'Dinas Kepemudaan dan Olahraga', 'Dispora'),
  dinas('dinas-kebudayaan', 'Dinas Kebudayaan', 'Disbud'),
  dinas('dinas-perpustakaan-kearsipan', 'Dinas Perpustakaan dan Kearsipan', 'Dispusip'),
  dinas('dinas-pariwisata', 'Dinas Pariwisata', 'Dispar'),
  dinas('dinas-perdagangan', 'Dinas Perdagangan', 'Disdag'),
  dinas('dinas-perindustrian', 'Dinas Perindustrian', 'Disperin'),
  badan('bappeda', 'Badan Perencanaan Pembangunan Daerah dan Penelitian Pengembangan', 'Bappeda Litbang'),
  badan('bpkad', 'Badan Pengelola Keuangan dan Aset Daerah', 'BPKAD'),
  badan('bapenda', 'Badan Pendapatan Daerah', 'Bapenda'),
  badan('bkpsdm', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'BKPSDM'),
  badan('bpbd', 'Badan Penanggulangan Bencana Daerah', 'BPBD'),
  badan('kesbangpol', 'Badan Kesatuan Bangsa dan Politik', 'Kesbangpol'),
  ...PALEMBANG_KECAMATAN.map(kecamatan),
];
