import { isValidNip } from '@palembang/citizens';
import { reject, Rejection } from '@palembang/events/core';
import { isInstant, isLocalDate, jakartaDateOf, LocalDate } from '@palembang/working-days';

/** BKPSDM (Badan Kepegawaian dan Pengembangan Sumber Daya Manusia), the city's civil-service development agency. */
export const BKPSDM_AGENCY = 'bkpsdm';

/** PP 17/2020: every civil servant needs at least 20 JP of competency development a year. */
export const MINIMUM_JP_PER_YEAR = 20;
/** One JP (jam pelajaran) is 45 minutes. */
export const MINUTES_PER_JP = 45;

/**
 * The rejection codes of one aggregate, with the HTTP status they suggest: NOT_FOUND 404,
 * FORBIDDEN 403, INVALID_INPUT 400 (always with `field`), the others 409.
 */
export function rejectionCodes<P extends string>(prefix: P) {
  return {
    NOT_FOUND: `${prefix}.NOT_FOUND`,
    FORBIDDEN: `${prefix}.FORBIDDEN`,
    ALREADY_EXISTS: `${prefix}.ALREADY_EXISTS`,
    INVALID_TRANSITION: `${prefix}.INVALID_TRANSITION`,
    INVALID_INPUT: `${prefix}.INVALID_INPUT`,
  } as const satisfies Record<string, `${P}.${string}`>;
}

export type RejectionCodes = ReturnType<typeof rejectionCodes<string>>;

/** The trimmed text when present and at most `max` characters long, else undefined. */
export function required(text: unknown, max: number): string | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  return trimmed.length > 0 && trimmed.length <= max ? trimmed : undefined;
}

export const isId = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/.test(value);
export const isAgencyId = (value: unknown): value is string => typeof value === 'string' && /^[a-z0-9][a-z0-9-]{0,59}$/.test(value);
export const isNip = (value: unknown): value is string => typeof value === 'string' && isValidNip(value);
export const isDate = (value: unknown): value is LocalDate => typeof value === 'string' && isLocalDate(value);
export const isTime = (value: unknown): value is string => typeof value === 'string' && isInstant(value);
export const isScore = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;

/** The calendar year in Asia/Jakarta of an instant: 31 December 23:30 +07:00 still counts for that year. */
export function jakartaYearOf(instant: string): number {
  return Number(jakartaDateOf(instant).slice(0, 4));
}

/** A JP value as the rules allow it: a whole number from 1 to 400. */
export const isJp = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= 400;

export function invalidInput(codes: RejectionCodes, field: string, message: string): Rejection {
  return reject(codes.INVALID_INPUT, message, field);
}

export function invalidTransition(codes: RejectionCodes, what: string, status: string, command: string): Rejection {
  return reject(codes.INVALID_TRANSITION, `${command} is not allowed while the ${what} is ${status}`);
}

/** Plain unique values in their first order. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
