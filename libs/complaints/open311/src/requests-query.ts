import { parseW3cDatetime } from './datetime';
import { FormFields, commaSeparatedField, singleField } from './form-fields';
import { Open311Error, SERVICE_REQUEST_STATUSES, ServiceRequestStatus } from './resources';
import { Parsed, badRequest, parsed, rejected } from './result';

/** GET requests.[format]: either a list of ids, which overrides every other argument, or a search. */
export type RequestsQuery =
  | Readonly<{ kind: 'by_ids'; jurisdiction_id: string | null; service_request_ids: readonly string[] }>
  | Readonly<{
      kind: 'search';
      jurisdiction_id: string | null;
      /** Empty for every service. */
      service_codes: readonly string[];
      /** Empty for every status. */
      statuses: readonly ServiceRequestStatus[];
      /** Requests with a requested_datetime in [start_date, end_date]. */
      start_date: Date;
      end_date: Date;
    }>;

const DAY_MS = 24 * 60 * 60 * 1000;
export const QUERY_LIMITS = { windowDays: 90, serviceRequestIds: 100, serviceCodes: 100, idLength: 64, text: 255 } as const;

export function parseRequestsQuery(query: FormFields, now: Date): Parsed<RequestsQuery> {
  const errors: Open311Error[] = [];
  const jurisdiction_id = singleField(query, 'jurisdiction_id', QUERY_LIMITS.text, errors);
  const service_request_ids = listOfIds(query, 'service_request_id', QUERY_LIMITS.serviceRequestIds, errors);
  if (service_request_ids.length > 0) return errors.length ? rejected(errors) : parsed({ kind: 'by_ids', jurisdiction_id, service_request_ids });
  const service_codes = listOfIds(query, 'service_code', QUERY_LIMITS.serviceCodes, errors);
  const statuses = statusesOf(query, errors);
  const window = dateWindow(query, now, errors);
  if (errors.length || !window) return rejected(errors);
  return parsed({ kind: 'search', jurisdiction_id, service_codes, statuses, ...window });
}

function listOfIds(query: FormFields, name: string, maxCount: number, errors: Open311Error[]): string[] {
  const ids = [...new Set(commaSeparatedField(query, name))];
  if (ids.length > maxCount) errors.push(badRequest(`${name} lists more than ${maxCount} values`));
  if (ids.some((id) => id.length > QUERY_LIMITS.idLength)) errors.push(badRequest(`${name} holds a value longer than ${QUERY_LIMITS.idLength} characters`));
  return ids;
}

function statusesOf(query: FormFields, errors: Open311Error[]): ServiceRequestStatus[] {
  const texts = [...new Set(commaSeparatedField(query, 'status'))];
  const statuses = SERVICE_REQUEST_STATUSES.filter((status) => texts.includes(status));
  const unknown = texts.filter((text) => !(SERVICE_REQUEST_STATUSES as readonly string[]).includes(text));
  if (unknown.length) errors.push(badRequest(`status must be open, closed or both, comma separated; not ${unknown.join(', ').slice(0, 100)}`));
  return statuses;
}

/**
 * The specification's default is the most recent 90 days. With only start_date the window runs to
 * now; with only end_date it covers the 90 days before it. No window may span more than 90 days.
 */
function dateWindow(query: FormFields, now: Date, errors: Open311Error[]): { start_date: Date; end_date: Date } | undefined {
  const start = dateField(query, 'start_date', errors);
  const end = dateField(query, 'end_date', errors);
  if (start === undefined || end === undefined) return undefined;
  const end_date = end ?? now;
  const start_date = start ?? new Date(end_date.getTime() - QUERY_LIMITS.windowDays * DAY_MS);
  if (start_date > end_date) errors.push(badRequest('start_date is after end_date'));
  else if (end_date.getTime() - start_date.getTime() > QUERY_LIMITS.windowDays * DAY_MS) {
    errors.push(badRequest(`start_date and end_date may not span more than ${QUERY_LIMITS.windowDays} days`));
  }
  return { start_date, end_date };
}

/** null when absent, undefined when refused. */
function dateField(query: FormFields, name: string, errors: Open311Error[]): Date | null | undefined {
  const text = singleField(query, name, QUERY_LIMITS.text, errors);
  if (text === null) return mentions(errors, name) ? undefined : null;
  const date = parseW3cDatetime(text);
  if (!date) errors.push(badRequest(`${name} must be a W3C datetime with time zone, e.g. 2026-11-30T09:15:00+07:00`));
  return date;
}

function mentions(errors: readonly Open311Error[], field: string): boolean {
  return errors.some((error) => error.description.startsWith(`${field} `));
}
