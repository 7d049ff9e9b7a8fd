/**
 * A NIK (Nomor Induk Kependudukan) has 16 digits: province (2, 11-94), regency/city (2),
 * district (2), date of birth DDMMYY (women add 40 to the day) and a serial number
 * (4, never 0000).
 */
export function isValidNik(nik: string): boolean {
  if (!/^\d{16}$/.test(nik)) return false;
  const province = Number(nik.slice(0, 2));
  const day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const birthDayValid = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
  return province >= 11 && province <= 94 && birthDayValid && month >= 1 && month <= 12 && nik.slice(12) !== '0000';
}

/** The parts of a civil servant's NIP. */
export type NipParts = Readonly<{
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** Year and month of appointment as a candidate civil servant (CPNS/PPPK), `YYYY-MM`. */
  appointedIn: string;
  gender: 'male' | 'female';
  /** Serial number among those born and appointed in the same months, `001`-`999`. */
  serial: string;
}>;

/**
 * A NIP (Nomor Induk Pegawai) of a civil servant (ASN) has 18 digits: date of birth
 * YYYYMMDD, appointment YYYYMM, gender (1 male, 2 female) and a serial number (3,
 * never 000). The birth date must be a real date and the appointment month must
 * come after the birth month. Undefined when the NIP is not valid.
 */
export function parseNip(nip: string): NipParts | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{4})(\d{2})([12])(\d{3})$/.exec(nip);
  if (!match) return undefined;
  const [, birthYear, birthMonth, birthDay, appointedYear, appointedMonth, gender, serial] = match;
  if (!isRealDate(Number(birthYear), Number(birthMonth), Number(birthDay))) return undefined;
  if (Number(birthYear) < 1900 || Number(appointedMonth) < 1 || Number(appointedMonth) > 12 || serial === '000') return undefined;
  if (`${appointedYear}${appointedMonth}` <= `${birthYear}${birthMonth}`) return undefined;
  return {
    birthDate: `${birthYear}-${birthMonth}-${birthDay}`,
    appointedIn: `${appointedYear}-${appointedMonth}`,
    gender: gender === '1' ? 'male' : 'female',
    serial,
  };
}

export function isValidNip(nip: string): boolean {
  return parseNip(nip) !== undefined;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
