import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InfraError } from './errors';
import { clientToken, DemoClient } from './demo-clients';

type Step = readonly [action: string, body?: Record<string, unknown>];

/** Applications of fictional Palembang residents, left in different states of their lifecycle. */
const DEMO_APPLICATIONS: ReadonlyArray<{ permitTypeCode: string; agencyId: string; applicant: Record<string, string>; documents: string[]; steps: Step[] }> = [
  {
    permitTypeCode: 'TDUP',
    agencyId: 'dinas-pariwisata',
    applicant: { applicantId: 'warga-0001', nik: '1671014506880002', name: 'Nyimas Ayu Lestari', phone: '0812-7811-2201', email: 'ayu.lestari@example.id', address: 'Jl. Sudirman No. 12, Ilir Timur I, Palembang' },
    documents: ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'],
    steps: [['verify'], ['start-review', { officerId: 'pariwisata-01' }], ['approve', {}], ['issue', { permitNumber: '503/TDUP/0001/DISPAR/2026' }]],
  },
  {
    permitTypeCode: 'TDUP',
    agencyId: 'dinas-pariwisata',
    applicant: { applicantId: 'warga-0002', nik: '1671020203790003', name: 'Kemas Abdul Rahman', phone: '0813-6720-4410', email: 'kemas.rahman@example.id', address: 'Jl. Kolonel Atmo No. 5, Bukit Kecil, Palembang' },
    documents: ['nib', 'ktp', 'foto-tempat-usaha'],
    steps: [['request-revision', { missingDocuments: ['akta-pendirian'], reason: 'Akta pendirian belum dilampirkan' }]],
  },
  {
    permitTypeCode: 'REKLAME',
    agencyId: 'dpmptsp',
    applicant: { applicantId: 'warga-0003', nik: '1671035011920004', name: 'Dewi Kartika Sari', phone: '0821-7700-3120', email: 'dewi.kartika@example.id', address: 'Jl. Jenderal Ahmad Yani No. 88, Seberang Ulu I, Palembang' },
    documents: [],
    steps: [['verify'], ['start-review', { officerId: 'dpmptsp-02' }]],
  },
  {
    permitTypeCode: 'PBG',
    agencyId: 'dinas-pupr',
    applicant: { applicantId: 'warga-0004', nik: '1671041208850005', name: 'Muhammad Fadli', phone: '0852-6655-1020', email: 'fadli@example.id', address: 'Jl. Demang Lebar Daun No. 3, Ilir Barat I, Palembang' },
    documents: [],
    steps: [['verify']],
  },
  {
    permitTypeCode: 'REKLAME',
    agencyId: 'dpmptsp',
    applicant: { applicantId: 'warga-0005', nik: '1671056107950006', name: 'Siti Rahmawati', phone: '0811-7812-3344', email: 'siti.rahmawati@example.id', address: 'Jl. Veteran No. 21, Ilir Timur I, Palembang' },
    documents: [],
    steps: [['reject', { reason: 'Lokasi titik reklame berada di kawasan terlarang' }]],
  },
];

/**
 * Submits the demo applications through the citizen portal's client once and
 * lets each agency's client work them; returns their tracking codes.
 */
export async function ensureDemoApplications(apiUrl: string, gatewayUrl: string, clients: DemoClient[], markerFile: string): Promise<string[]> {
  if (existsSync(markerFile)) return JSON.parse(readFileSync(markerFile, 'utf8')) as string[];
  const portal = clients.find((client) => client.scopes.includes('agencies:all') && client.scopes.includes('permits:write'));
  if (!portal) throw new InfraError('no citizen-portal client to submit the demo applications with');
  const portalToken = await clientToken(gatewayUrl, portal);
  const permitTypes = await requiredDocuments(apiUrl, portalToken);
  const trackingCodes: string[] = [];
  for (const demo of DEMO_APPLICATIONS) {
    const documents = demo.documents.length > 0 ? demo.documents : permitTypes[demo.permitTypeCode] ?? [];
    const submitted = await callApi(apiUrl, portalToken, '/v1/permit-applications', { permitTypeCode: demo.permitTypeCode, applicant: demo.applicant, documents });
    const { applicationId, trackingCode } = submitted as { applicationId: string; trackingCode: string };
    const agencyClient = clients.find((client) => client.agencyId === demo.agencyId && client.scopes.includes('permits:write'));
    const agencyToken = agencyClient ? await clientToken(gatewayUrl, agencyClient) : portalToken;
    for (const [action, body] of demo.steps) await callApi(apiUrl, agencyToken, `/v1/permit-applications/${applicationId}/${action}`, body ?? {});
    trackingCodes.push(trackingCode);
  }
  writeFileSync(markerFile, JSON.stringify(trackingCodes));
  return trackingCodes;
}

async function callApi(apiUrl: string, token: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json();
  if (response.status >= 300) throw new InfraError(`demo data: POST ${path} answered ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function requiredDocuments(apiUrl: string, token: string): Promise<Record<string, string[]>> {
  const response = await fetch(`${apiUrl}/v1/permit-types`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new InfraError(`demo data: GET /v1/permit-types answered ${response.status}`);
  const { items } = (await response.json()) as { items: Array<{ code: string; requiredDocuments: string[] }> };
  return Object.fromEntries(items.map((type) => [type.code, type.requiredDocuments]));
}
