import { Answer, callApi } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';

export type Caller = Readonly<{ token: string; agencyId: string }>;

export function call(baseUrl: string, caller: Caller | undefined, method: 'GET' | 'POST', path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  return callApi(baseUrl, caller?.token, method, path, options);
}

export function reporter(overrides: Record<string, unknown> = {}) {
  return { reporterId: `citizen-${randomUUID().slice(0, 8)}`, name: 'Budi Santoso', nik: '1671011708900001', phone: '0812-7300-1234', email: 'budi@example.id', ...overrides };
}

/** A pothole on a city road: routed to Dinas PUPR. */
export function pothole(overrides: Record<string, unknown> = {}) {
  return {
    intakeType: 'complaint',
    channel: 'web',
    categoryCode: 'JALAN-RUSAK',
    title: 'Jalan berlubang di Jl. Demang Lebar Daun',
    description: 'Lubang besar di lajur kiri, membahayakan pengendara motor sejak seminggu.',
    location: { latitude: -2.9761, longitude: 104.7454 },
    address: 'Jl. Demang Lebar Daun, Ilir Barat I, Palembang',
    reporter: reporter(),
    anonymous: false,
    ...overrides,
  };
}

/** Sends an action and insists on 200: the answer's body. */
export async function act(baseUrl: string, caller: Caller, complaintId: string, action: string, body?: unknown): Promise<Answer['body']> {
  const answer = await call(baseUrl, caller, 'POST', `/v1/complaints/${complaintId}/${action}`, { body });
  if (answer.status !== 200) throw new Error(`${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
