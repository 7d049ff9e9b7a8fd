/**
 * The Survei Kepuasan Masyarakat (SKM) of PermenPANRB 14/2017: nine service
 * elements (unsur pelayanan), each scored 1-4 by the respondent.
 */

export const SKM_ELEMENTS = [
  { code: 'U1', id: 'Persyaratan', en: 'Requirements' },
  { code: 'U2', id: 'Sistem, Mekanisme dan Prosedur', en: 'System, mechanism and procedure' },
  { code: 'U3', id: 'Waktu Penyelesaian', en: 'Completion time' },
  { code: 'U4', id: 'Biaya/Tarif', en: 'Cost/tariff' },
  { code: 'U5', id: 'Produk Spesifikasi Jenis Pelayanan', en: 'Service product specification' },
  { code: 'U6', id: 'Kompetensi Pelaksana', en: 'Staff competence' },
  { code: 'U7', id: 'Perilaku Pelaksana', en: 'Staff behaviour' },
  { code: 'U8', id: 'Penanganan Pengaduan, Saran dan Masukan', en: 'Handling of complaints, suggestions and feedback' },
  { code: 'U9', id: 'Sarana dan Prasarana', en: 'Facilities and infrastructure' },
] as const;

export type SkmElement = (typeof SKM_ELEMENTS)[number];
export type SkmElementCode = SkmElement['code'];

export const SKM_ELEMENT_CODES: readonly SkmElementCode[] = SKM_ELEMENTS.map((element) => element.code);

/** A respondent's answer to one element: 1 (worst) to 4 (best), integers only. */
export type SkmScore = 1 | 2 | 3 | 4;

export const SKM_SCORES = [
  { score: 1, id: 'Tidak Baik', en: 'Poor' },
  { score: 2, id: 'Kurang Baik', en: 'Fair' },
  { score: 3, id: 'Baik', en: 'Good' },
  { score: 4, id: 'Sangat Baik', en: 'Very good' },
] as const;

export const MIN_SKM_SCORE = 1;
export const MAX_SKM_SCORE = 4;

/** One respondent's nine scores. */
export type SkmScores = Readonly<Record<SkmElementCode, SkmScore>>;

export function isSkmElementCode(value: unknown): value is SkmElementCode {
  return typeof value === 'string' && (SKM_ELEMENT_CODES as readonly string[]).includes(value);
}

export function isSkmScore(value: unknown): value is SkmScore {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_SKM_SCORE && value <= MAX_SKM_SCORE;
}

export function skmElementOf(code: SkmElementCode): SkmElement {
  const element = SKM_ELEMENTS.find((candidate) => candidate.code === code);
  if (!element) throw new RangeError(`No SKM element ${String(code)}`);
  return element;
}
