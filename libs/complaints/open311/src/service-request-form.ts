import { FormFields, singleField } from './form-fields';
import { Open311Error } from './resources';
import { Parsed, badRequest, parsed, rejected } from './result';

/** Values of `attribute[CODE]` (one) and `attribute[CODE][]` (several) fields. */
export type SubmittedAttributes = Readonly<Record<string, string | readonly string[]>>;

/** A POST requests.[format] body, checked for form; the service's attributes are checked by `validateAttributes`. */
export type ServiceRequestForm = Readonly<{
  /** Checked by the caller: a missing or wrong key is a 403, not a 400. */
  api_key: string | null;
  jurisdiction_id: string | null;
  service_code: string;
  lat: number | null;
  long: number | null;
  address_string: string | null;
  address_id: string | null;
  email: string | null;
  device_id: string | null;
  account_id: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  description: string | null;
  media_url: string | null;
  attributes: SubmittedAttributes;
}>;

export const FORM_LIMITS = {
  /** Set by the specification. */
  description: 4000,
  media_url: 2048,
  address_string: 500,
  email: 254,
  phone: 32,
  text: 255,
  attributeCode: 64,
  attributeValue: 4000,
  attributes: 100,
  valuesPerAttribute: 100,
} as const;

const ATTRIBUTE_FIELD = /^attribute\[([^\][]+)\](\[\])?$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseServiceRequestForm(form: FormFields): Parsed<ServiceRequestForm> {
  const errors: Open311Error[] = [];
  const text = (name: string, maxLength: number = FORM_LIMITS.text) => singleField(form, name, maxLength, errors);
  const api_key = text('api_key');
  const jurisdiction_id = text('jurisdiction_id');
  const service_code = text('service_code');
  const { lat, long } = coordinates(form, errors);
  const value: ServiceRequestForm = {
    api_key,
    jurisdiction_id,
    service_code: service_code ?? '',
    lat,
    long,
    address_string: text('address_string', FORM_LIMITS.address_string),
    address_id: text('address_id'),
    email: email(form, errors),
    device_id: text('device_id'),
    account_id: text('account_id'),
    first_name: text('first_name'),
    last_name: text('last_name'),
    phone: text('phone', FORM_LIMITS.phone),
    description: text('description', FORM_LIMITS.description),
    media_url: mediaUrl(form, errors),
    attributes: attributes(form, errors),
  };
  if (service_code === null && !mentions(errors, 'service_code')) errors.push(badRequest('service_code was not provided'));
  if (!hasLocation(form, value)) errors.push(badRequest('A location is required: lat and long, address_string or address_id'));
  return errors.length ? rejected(errors) : parsed(value);
}

/** A location given but refused (e.g. lat out of range) is reported once, by its own error. */
function hasLocation(form: FormFields, value: ServiceRequestForm): boolean {
  const locationFields = ['lat', 'long', 'address_string', 'address_id'];
  const attempted = locationFields.some((name) => typeof form[name] === 'string' && (form[name] as string).trim() !== '');
  return (value.lat !== null && value.long !== null) || value.address_string !== null || value.address_id !== null || attempted;
}

function coordinates(form: FormFields, errors: Open311Error[]): { lat: number | null; long: number | null } {
  const lat = coordinate(form, 'lat', 90, errors);
  const long = coordinate(form, 'long', 180, errors);
  if ((lat === null) === (long === null)) return { lat, long };
  if (!mentions(errors, lat === null ? 'lat' : 'long')) errors.push(badRequest('lat and long must be given together'));
  return { lat: null, long: null };
}

function mentions(errors: readonly Open311Error[], field: string): boolean {
  return errors.some((error) => error.description.startsWith(`${field} `));
}

function coordinate(form: FormFields, name: 'lat' | 'long', limit: number, errors: Open311Error[]): number | null {
  const text = singleField(form, name, FORM_LIMITS.text, errors);
  if (text === null) return null;
  const value = Number(text);
  if (!DECIMAL.test(text) || Math.abs(value) > limit) {
    errors.push(badRequest(`${name} must be a decimal number of degrees between -${limit} and ${limit} (WGS84)`));
    return null;
  }
  return value;
}

function email(form: FormFields, errors: Open311Error[]): string | null {
  const text = singleField(form, 'email', FORM_LIMITS.email, errors);
  if (text === null || EMAIL.test(text)) return text;
  errors.push(badRequest('email is not an email address'));
  return null;
}

function mediaUrl(form: FormFields, errors: Open311Error[]): string | null {
  const text = singleField(form, 'media_url', FORM_LIMITS.media_url, errors);
  if (text === null) return null;
  if (!URL.canParse(text) || !['http:', 'https:'].includes(new URL(text).protocol)) {
    errors.push(badRequest('media_url must be an http or https URL'));
    return null;
  }
  return text;
}

function attributes(form: FormFields, errors: Open311Error[]): SubmittedAttributes {
  const values: Record<string, string | readonly string[]> = {};
  for (const [name, raw] of Object.entries(form)) {
    const match = ATTRIBUTE_FIELD.exec(name);
    if (raw === undefined || !match) continue;
    const [, code, listMarker] = match;
    const value = listMarker ? attributeList(name, raw, errors) : attributeValue(name, raw, errors);
    // Sent empty (`attribute[intake_type]=`, or a list of empty values): absent, like every optional field.
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (code.length > FORM_LIMITS.attributeCode) errors.push(badRequest(`The attribute code in ${name.slice(0, 80)} is longer than ${FORM_LIMITS.attributeCode} characters`));
    else if (code in values) errors.push(badRequest(`attribute[${code}] was given both as one value and as a list`));
    else values[code] = value;
  }
  if (Object.keys(values).length > FORM_LIMITS.attributes) errors.push(badRequest(`At most ${FORM_LIMITS.attributes} attributes may be given`));
  return values;
}

function attributeValue(name: string, raw: string | readonly string[], errors: Open311Error[]): string | undefined {
  if (typeof raw !== 'string') {
    errors.push(badRequest(`${name} was given more than once; send several values as ${name}[]`));
    return undefined;
  }
  return boundedValue(name, raw, errors);
}

function attributeList(name: string, raw: string | readonly string[], errors: Open311Error[]): readonly string[] | undefined {
  const texts = typeof raw === 'string' ? [raw] : raw;
  if (texts.length > FORM_LIMITS.valuesPerAttribute) {
    errors.push(badRequest(`${name} holds more than ${FORM_LIMITS.valuesPerAttribute} values`));
    return undefined;
  }
  const values = texts.map((text) => boundedValue(name, text, errors));
  return values.every((value) => value !== undefined) ? values.filter((value) => value !== '') : undefined;
}

function boundedValue(name: string, raw: string, errors: Open311Error[]): string | undefined {
  const value = raw.trim();
  if (value.length <= FORM_LIMITS.attributeValue) return value;
  errors.push(badRequest(`${name} is longer than ${FORM_LIMITS.attributeValue} characters`));
  return undefined;
}
