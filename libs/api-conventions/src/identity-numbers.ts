/**
 * A NIK (Nomor Induk Kependudukan) as the services accept it, written as a pattern so that the
 * published document says it too: province 11-94, regency and district, birth day (01-31, plus 40
 * for women), birth month, birth year, and a serial that is never 0000 (libs/citizens isValidNik).
 */
export const NIK_PATTERN = /^(1[1-9]|[2-8]\d|9[0-4])\d{4}(0[1-9]|[12]\d|3[01]|4[1-9]|[56]\d|7[01])(0[1-9]|1[0-2])\d{2}(\d{3}[1-9]|\d{2}[1-9]\d|\d[1-9]\d{2}|[1-9]\d{3})$/;

/**
 * An Indonesian phone number as the services accept it: 0 or +62, then a digit 1-9 and 7-12 more
 * digits, spaces and dashes anywhere between them (libs/citizens isValidPhone, which ignores them).
 */
export const PHONE_PATTERN = /^(\+62|0)[ -]*[1-9]([ -]*[0-9]){7,12}[ -]*$/;
export const PHONE_MAX_LENGTH = 40;
