import { Open311Error } from './resources';
import { Parsed, badRequest, parsed, rejected } from './result';

/** Text fields beyond the specification's own limits (ids, codes, names). */
const TEXT_LIMIT = 255;

/** A decoded form or query string: one value, several when the name repeats, or nothing. */
export type FormFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The value of a field that may appear once, trimmed; empty counts as absent, as the specification asks. */
export function singleField(fields: FormFields, name: string, maxLength: number, errors: Open311Error[]): string | null {
  const raw = fields[name];
  if (raw === undefined) return null;
  if (typeof raw !== 'string') {
    errors.push(badRequest(`${name} was given more than once`));
    return null;
  }
  const value = raw.trim();
  if (value.length > maxLength) {
    errors.push(badRequest(`${name} is longer than ${maxLength} characters`));
    return null;
  }
  return value === '' ? null : value;
}

/** An optional single field on its own, e.g. jurisdiction_id on every route: null when absent or empty. */
export function optionalField(fields: FormFields, name: string, maxLength: number = TEXT_LIMIT): Parsed<string | null> {
  const errors: Open311Error[] = [];
  const value = singleField(fields, name, maxLength, errors);
  return errors.length ? rejected(errors) : parsed(value);
}

/** The values of a field that may repeat and may hold a comma separated list, e.g. `status=open,closed`. */
export function commaSeparatedField(fields: FormFields, name: string): string[] {
  const raw = fields[name];
  if (raw === undefined) return [];
  const texts = typeof raw === 'string' ? [raw] : raw;
  return texts.flatMap((text) => text.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}
