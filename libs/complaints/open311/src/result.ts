import { Open311Error } from './resources';

/** The outcome of reading client input: the value, or every problem found, as Open311 errors. */
export type Parsed<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; errors: readonly Open311Error[] }>;

/** The status code of a request the server cannot fulfil as sent (the specification's catch-all). */
export const BAD_REQUEST = 400;

export function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function rejected<T>(errors: readonly Open311Error[]): Parsed<T> {
  return { ok: false, errors };
}

export function badRequest(description: string): Open311Error {
  return { code: BAD_REQUEST, description };
}
