import { RequestsQuery, parseRequestsQuery } from './requests-query';
import { Parsed } from './result';

const NOW = new Date('2026-11-30T02:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

function errorsOf(result: Parsed<RequestsQuery>): string[] {
  if (result.ok) throw new Error('expected the query to be refused');
  expect(result.errors.every((error) => error.code === 400)).toBe(true);
  return result.errors.map((error) => error.description);
}

describe('a GET requests query', () => {
  it('defaults to every service and status in the last 90 days', () => {
    expect(parseRequestsQuery({}, NOW)).toEqual({
      ok: true,
      value: { kind: 'search', jurisdiction_id: null, service_codes: [], statuses: [], start_date: new Date(NOW.getTime() - 90 * DAY), end_date: NOW },
    });
  });

  it('reads the specification example', () => {
    const query = { start_date: '2010-05-24T00:00:00Z', end_date: '2010-06-24T00:00:00Z', status: 'open', jurisdiction_id: 'city.gov' };
    expect(parseRequestsQuery(query, NOW)).toEqual({
      ok: true,
      value: {
        kind: 'search',
        jurisdiction_id: 'city.gov',
        service_codes: [],
        statuses: ['open'],
        start_date: new Date('2010-05-24T00:00:00Z'),
        end_date: new Date('2010-06-24T00:00:00Z'),
      },
    });
  });

  it('reads comma separated and repeated service codes and statuses', () => {
    const result = parseRequestsQuery({ service_code: ['001, 002', '003'], status: 'closed,open' }, NOW);
    expect(result).toMatchObject({ ok: true, value: { service_codes: ['001', '002', '003'], statuses: ['open', 'closed'] } });
  });

  it('lets service_request_id override every other argument', () => {
    expect(parseRequestsQuery({ service_request_id: '638344, 638349', status: 'bogus', start_date: 'x' }, NOW)).toEqual({
      ok: true,
      value: { kind: 'by_ids', jurisdiction_id: null, service_request_ids: ['638344', '638349'] },
    });
  });

  it('bounds the number and length of ids', () => {
    const ids = Array.from({ length: 101 }, (_, index) => `R${index}`).join(',');
    expect(errorsOf(parseRequestsQuery({ service_request_id: ids }, NOW))).toEqual(['service_request_id lists more than 100 values']);
    expect(errorsOf(parseRequestsQuery({ service_request_id: 'x'.repeat(65) }, NOW))).toEqual(['service_request_id holds a value longer than 64 characters']);
    expect(errorsOf(parseRequestsQuery({ service_code: Array.from({ length: 101 }, (_, index) => String(index)) }, NOW))).toEqual(['service_code lists more than 100 values']);
  });

  it('with only start_date, runs to now', () => {
    expect(parseRequestsQuery({ start_date: '2026-11-01T00:00:00+07:00' }, NOW)).toMatchObject({ ok: true, value: { start_date: new Date('2026-10-31T17:00:00Z'), end_date: NOW } });
  });

  it('with only end_date, covers the 90 days before it', () => {
    const end = new Date('2026-06-01T00:00:00Z');
    expect(parseRequestsQuery({ end_date: '2026-06-01T00:00:00Z' }, NOW)).toMatchObject({ ok: true, value: { start_date: new Date(end.getTime() - 90 * DAY), end_date: end } });
  });

  it('accepts exactly 90 days and refuses a longer window', () => {
    expect(parseRequestsQuery({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:00Z' }, NOW).ok).toBe(true);
    expect(errorsOf(parseRequestsQuery({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:01Z' }, NOW))).toEqual([
      'start_date and end_date may not span more than 90 days',
    ]);
    expect(errorsOf(parseRequestsQuery({ start_date: '2026-01-01T00:00:00Z' }, NOW))).toEqual(['start_date and end_date may not span more than 90 days']);
  });

  it('refuses a start after the end', () => {
    expect(errorsOf(parseRequestsQuery({ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }, NOW))).toEqual(['start_date is after end_date']);
  });

  it('refuses dates without time zone or not in W3C format', () => {
    for (const text of ['2026-11-01', '2026-11-01T00:00:00', '01/11/2026', '2026-02-30T00:00:00Z']) {
      expect(errorsOf(parseRequestsQuery({ start_date: text }, NOW))).toEqual(['start_date must be a W3C datetime with time zone, e.g. 2026-11-30T09:15:00+07:00']);
    }
    expect(errorsOf(parseRequestsQuery({ end_date: 'besok' }, NOW))).toEqual(['end_date must be a W3C datetime with time zone, e.g. 2026-11-30T09:15:00+07:00']);
  });

  it('refuses an unknown status', () => {
    expect(errorsOf(parseRequestsQuery({ status: 'open,pending' }, NOW))).toEqual(['status must be open, closed or both, comma separated; not pending']);
  });

  it('refuses a jurisdiction_id or date given twice', () => {
    expect(errorsOf(parseRequestsQuery({ jurisdiction_id: ['a', 'b'] }, NOW))).toEqual(['jurisdiction_id was given more than once']);
    expect(errorsOf(parseRequestsQuery({ start_date: ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'] }, NOW))).toEqual(['start_date was given more than once']);
  });
});
