import { Answer } from '@palembang/platform/testing';
import { jakartaDateOf } from '@palembang/working-days';

export type Caller = Readonly<{ token: string; agencyId: string }>;

/** One HTTP call with a bearer token (or none), any method; a string body is sent as it is. */
export async function call(baseUrl: string, caller: Caller | undefined, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (caller) headers.authorization = `Bearer ${caller.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

/** Insists on the status; the body. */
export async function expectStatus(answer: Promise<Answer>, status: number): Promise<Answer['body']> {
  const settled = await answer;
  if (settled.status !== status) throw new Error(`expected ${status}, got ${settled.status} ${JSON.stringify(settled.body)}`);
  return settled.body;
}

/** Today in Asia/Jakarta, and a day `offset` days away. */
export function jakartaDay(offset = 0): string {
  return jakartaDateOf(new Date(Date.now() + offset * 86_400_000).toISOString());
}

export const LMS_ACTIVITIES = 'https://lms.palembang.go.id/xapi/activities';

export function program(overrides: Record<string, unknown> = {}) {
  const code = `E2E-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  return {
    code,
    title: 'Pelayanan Publik Berbasis Digital',
    competencyArea: 'digital-services',
    jp: 24,
    deliveryMode: 'blended',
    provider: { kind: 'agency', id: 'bkpsdm' },
    description: 'Layanan publik daring',
    xapiActivityIds: [`${LMS_ACTIVITIES}/${code.toLowerCase()}`],
    ...overrides,
  };
}

/** A valid NIP: born 12 March 1985, appointed January 2010, a man, the serial given (1-999). */
export const nipOf = (serial: number): string => `198503122010011${String(serial).padStart(3, '0')}`;
