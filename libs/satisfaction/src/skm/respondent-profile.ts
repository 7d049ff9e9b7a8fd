/**
 * The optional respondent profile of the SKM questionnaire (PermenPANRB 14/2017):
 * enumerated values only, so that no name, contact detail or other free text
 * that could identify a person ever enters a survey.
 */

export const AGE_GROUPS = [
  { code: '<20', id: 'Di bawah 20 tahun', en: 'Under 20' },
  { code: '20-29', id: '20-29 tahun', en: '20-29' },
  { code: '30-39', id: '30-39 tahun', en: '30-39' },
  { code: '40-49', id: '40-49 tahun', en: '40-49' },
  { code: '50-59', id: '50-59 tahun', en: '50-59' },
  { code: '60+', id: '60 tahun ke atas', en: '60 and over' },
] as const;

export const GENDERS = [
  { code: 'L', id: 'Laki-laki', en: 'Male' },
  { code: 'P', id: 'Perempuan', en: 'Female' },
] as const;

export const EDUCATION_LEVELS = [
  { code: 'SD', id: 'SD ke bawah', en: 'Primary school or less' },
  { code: 'SMP', id: 'SMP/sederajat', en: 'Junior secondary school' },
  { code: 'SMA', id: 'SMA/SMK/sederajat', en: 'Senior secondary school' },
  { code: 'D1-D3', id: 'Diploma (D1-D3)', en: 'Diploma (D1-D3)' },
  { code: 'S1', id: 'S1/D4', en: "Bachelor's degree or D4" },
  { code: 'S2', id: 'S2', en: "Master's degree" },
  { code: 'S3', id: 'S3', en: 'Doctorate' },
] as const;

export const OCCUPATIONS = [
  { code: 'asn', id: 'ASN (PNS/PPPK)', en: 'Civil servant (PNS/PPPK)' },
  { code: 'tni', id: 'TNI', en: 'Armed forces' },
  { code: 'polri', id: 'POLRI', en: 'Police' },
  { code: 'swasta', id: 'Pegawai swasta', en: 'Private employee' },
  { code: 'wiraswasta', id: 'Wiraswasta/wirausaha', en: 'Self-employed' },
  { code: 'pelajar-mahasiswa', id: 'Pelajar/mahasiswa', en: 'Student' },
  { code: 'lainnya', id: 'Lainnya', en: 'Other' },
] as const;

export type AgeGroup = (typeof AGE_GROUPS)[number]['code'];
export type Gender = (typeof GENDERS)[number]['code'];
export type EducationLevel = (typeof EDUCATION_LEVELS)[number]['code'];
export type Occupation = (typeof OCCUPATIONS)[number]['code'];

/** The profile as a respondent may give it: every field optional. */
export type RespondentProfileInput = Readonly<{
  ageGroup?: AgeGroup | null;
  gender?: Gender | null;
  education?: EducationLevel | null;
  occupation?: Occupation | null;
}>;

/** The profile as recorded: a field not given is null. */
export type RespondentProfile = Readonly<{
  ageGroup: AgeGroup | null;
  gender: Gender | null;
  education: EducationLevel | null;
  occupation: Occupation | null;
}>;

/** The allowed codes of each profile field; any other field is refused. */
export const RESPONDENT_PROFILE_VALUES: { readonly [Field in keyof RespondentProfile]: readonly string[] } = {
  ageGroup: AGE_GROUPS.map((option) => option.code),
  gender: GENDERS.map((option) => option.code),
  education: EDUCATION_LEVELS.map((option) => option.code),
  occupation: OCCUPATIONS.map((option) => option.code),
};
