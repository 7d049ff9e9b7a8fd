/** The outcome of reading client input: the value, or every problem found, each naming its path. */
export type Parsed<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; errors: readonly string[] }>;

/** xAPI answers malformed input with 400 Bad Request and a short reason. */
export const BAD_REQUEST = 400;

/** Enough to fix a request; a hostile body cannot make the answer arbitrarily long. */
export const MAX_REPORTED_ERRORS = 50;

export function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function rejected<T>(errors: readonly string[]): Parsed<T> {
  return { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS) };
}
