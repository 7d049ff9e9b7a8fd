import { formatOf, sendFigures } from './metrics-answer';
import type { HttpRequest, HttpReply } from '@palembang/http';

type Sent = { status?: number; headers: Record<string, string>; body?: string };

function exchange(query: Record<string, string>, headers: Record<string, string> = {}): { request: HttpRequest; response: HttpReply; sent: Sent } {
  const sent: Sent = { headers: {} };
  const response = {
    header: (name: string, value: string) => ((sent.headers[name.toLowerCase()] = value), response),
    status: (code: number) => ((sent.status = code), response),
    send: (body?: string) => ((sent.body = body), response),
  };
  return { request: { query, headers } as unknown as HttpRequest, response: response as unknown as HttpReply, sent };
}

const figures = { json: { items: [{ agencyId: 'dinas-pupr', permits: { received: 2 } }] }, rows: () => [{ agencyId: 'dinas-pupr', permits: { received: 2 } }], filename: 'x', maxAgeSeconds: 30 };

describe('a metrics answer', () => {
  it('is JSON unless ?format=csv or Accept: text/csv asks for CSV', () => {
    expect(formatOf(exchange({}).request)).toBe('json');
    expect(formatOf(exchange({ format: 'csv' }).request)).toBe('csv');
    expect(formatOf(exchange({}, { accept: 'text/csv' }).request)).toBe('csv');
    expect(formatOf(exchange({ format: 'json' }, { accept: 'text/csv' }).request)).toBe('json');
    expect(() => formatOf(exchange({ format: 'xml' }).request)).toThrow();
  });

  it('carries a strong ETag of its bytes, private caching, and a 304 without a body for a matching If-None-Match', () => {
    const first = exchange({});
    sendFigures(first.request, first.response, figures);
    expect(first.sent).toMatchObject({ status: 200, headers: { 'cache-control': 'private, max-age=30', 'content-type': 'application/json; charset=utf-8' } });
    expect(first.sent.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    const again = exchange({}, { 'if-none-match': `"other", W/${first.sent.headers.etag}` });
    sendFigures(again.request, again.response, figures);
    expect(again.sent).toMatchObject({ status: 304, headers: { etag: first.sent.headers.etag } });
    expect(again.sent.body).toBeUndefined();
  });

  it('gives CSV its own ETag and a file name', () => {
    const json = exchange({});
    const csv = exchange({ format: 'csv' });
    sendFigures(json.request, json.response, figures);
    sendFigures(csv.request, csv.response, figures);
    expect(csv.sent.body).toBe('agencyId,permits.received\r\ndinas-pupr,2\r\n');
    expect(csv.sent.headers['content-disposition']).toBe('attachment; filename="x.csv"');
    expect(csv.sent.headers.etag).not.toBe(json.sent.headers.etag);
  });
});
