import { randomUUID } from 'node:crypto';
import { Answer, call, Caller } from './platform';

/** TDUP (Tanda Daftar Usaha Pariwisata) of Dinas Pariwisata: four documents, three working days. */
export const TDUP_DOCUMENTS = ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'];

export function applicantNamed(name = 'Siti Aminah', applicantId = `citizen-${randomUUID().slice(0, 8)}`) {
  return { applicantId, nik: '1671011708900001', name, phone: '0812-7300-1234', email: 'siti@example.id', address: 'Jl. Merdeka No. 1, Bukit Kecil, Palembang' };
}

export function submission(overrides: Record<string, unknown> = {}) {
  return { permitTypeCode: 'TDUP', applicant: applicantNamed(), documents: TDUP_DOCUMENTS, ...overrides };
}

export async function submit(baseUrl: string, caller: Caller, body: unknown = submission(), headers: Record<string, string> = {}): Promise<Answer> {
  return call(baseUrl, caller, 'POST', '/v1/permit-applications', { body, headers });
}

/** Submits and walks the application to `under-review`; returns its id. */
export async function underReview(baseUrl: string, caller: Caller): Promise<string> {
  const submitted = await submit(baseUrl, caller);
  if (submitted.status !== 201) throw new Error(`not submitted: ${JSON.stringify(submitted.body)}`);
  const id = submitted.body.applicationId as string;
  for (const [action, body] of [['verify', undefined], ['start-review', { officerId: 'officer-1' }]] as const) {
    const answer = await call(baseUrl, caller, 'POST', `/v1/permit-applications/${id}/${action}`, { body });
    if (answer.status !== 200) throw new Error(`${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return id;
}
