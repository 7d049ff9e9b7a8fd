import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InfraError } from './errors';
import { clientToken, DemoClient } from './demo-clients';

/** Who sends a step: the complaints desk, the agency responsible, or the citizen through the portal. */
type Actor = 'desk' | 'agency' | 'portal';
type Step = readonly [actor: Actor, action: string, body?: Record<string, unknown>];

const reporter = (reporterId: string, name: string, phone: string) => ({ reporterId, name, nik: null, phone, email: null });

/** Reports of fictional Palembang residents, one left in each state of the SP4N-LAPOR! lifecycle. */
const DEMO_COMPLAINTS: ReadonlyArray<{ complaint: Record<string, unknown>; agencyId: string; steps: Step[]; survey?: Record<string, number> }> = [
  {
    complaint: {
      intakeType: 'complaint',
      channel: 'mobile',
      categoryCode: 'JALAN-RUSAK',
      title: 'Jalan berlubang di Jl. Demang Lebar Daun',
      description: 'Lubang besar di lajur kiri dekat simpang, membahayakan pengendara motor.',
      location: { latitude: -2.9761, longitude: 104.7454 },
      address: 'Jl. Demang Lebar Daun, Ilir Barat I',
      reporter: reporter('warga-1001', 'Rudi Hartono', '0812-7300-1101'),
      anonymous: false,
    },
    agencyId: 'dinas-pupr',
    steps: [['desk', 'verify', { followUpKind: 'field-examination' }], ['agency', 'accept'], ['agency', 'resolve', { response: 'Lubang sudah ditambal pada pekan ini.' }], ['portal', 'confirm']],
    survey: { U1: 4, U2: 3, U3: 3, U4: 4, U5: 3, U6: 4, U7: 4, U8: 3, U9: 3 },
  },
  {
    complaint: {
      intakeType: 'complaint',
      channel: 'web',
      categoryCode: 'SAMPAH-LINGKUNGAN',
      title: 'Sampah menumpuk di TPS Pasar 16 Ilir',
      description: 'Sampah tidak diangkut selama empat hari dan berbau.',
      location: null,
      address: 'TPS Pasar 16 Ilir, Ilir Timur I',
      reporter: reporter('warga-1002', 'Ani Suryani', '0813-6720-1102'),
      anonymous: true,
    },
    agencyId: 'dinas-lingkungan-hidup',
    steps: [['desk', 'verify', {}], ['agency', 'accept'], ['agency', 'updates', { message: 'Armada tambahan dijadwalkan besok pagi.' }]],
  },
  {
    complaint: {
      intakeType: 'complaint',
      channel: 'sms',
      categoryCode: 'LAMPU-LALU-LINTAS',
      title: 'Lampu jalan padam di Jembatan Ampera sisi Ulu',
      description: 'Sudah seminggu lampu jalan padam, rawan kecelakaan malam hari.',
      location: { latitude: -2.9916, longitude: 104.7636 },
      address: null,
      reporter: reporter('warga-1003', 'Hendra Wijaya', '0852-6655-1103'),
      anonymous: false,
    },
    agencyId: 'dinas-perhubungan',
    steps: [['desk', 'verify', {}]],
  },
  {
    complaint: {
      intakeType: 'complaint',
      channel: 'walk-in',
      categoryCode: 'DRAINASE-BANJIR',
      title: 'Genangan di Jl. Kapten A. Rivai setiap hujan',
      description: 'Saluran tersumbat; air menggenang hingga ke badan jalan.',
      location: null,
      address: 'Jl. Kapten A. Rivai, Ilir Barat I',
      reporter: reporter('warga-1004', 'Maya Puspita', '0821-7700-1104'),
      anonymous: false,
    },
    agencyId: 'dinas-perhubungan',
    steps: [['desk', 'verify', { agencyId: 'dinas-perhubungan' }], ['agency', 'decline', { reason: 'Drainase adalah kewenangan Dinas PUPR.' }]],
  },
  {
    complaint: {
      intakeType: 'complaint',
      channel: 'web',
      categoryCode: 'LAYANAN-PERIZINAN',
      title: 'Permohonan reklame belum ada kabar',
      description: 'Sudah tiga minggu tanpa jawaban atas permohonan izin reklame.',
      location: null,
      address: 'Mal Pelayanan Publik Palembang',
      reporter: reporter('warga-1005', 'Siti Rahmawati', '0811-7812-1105'),
      anonymous: false,
    },
    agencyId: 'dpmptsp',
    steps: [['desk', 'verify', {}], ['agency', 'accept'], ['agency', 'resolve', { response: 'Permohonan sudah diproses; mohon cek kode lacak.' }]],
  },
  {
    complaint: {
      intakeType: 'complaint',
      channel: 'mobile',
      categoryCode: 'LAYANAN-PUSKESMAS',
      title: 'Antrean puskesmas terlalu lama',
      description: 'Menunggu lebih dari tiga jam untuk pemeriksaan umum.',
      location: null,
      address: 'Puskesmas Sekip, Kemuning',
      reporter: reporter('warga-1006', 'Yusuf Hamdani', '0812-7811-1106'),
      anonymous: false,
    },
    agencyId: 'dinas-kesehatan',
    steps: [['desk', 'verify', {}], ['agency', 'accept'], ['agency', 'resolve', { response: 'Sistem antrean daring sudah diaktifkan.' }], ['portal', 'dispute', { reason: 'Antrean daring sering error.' }]],
  },
  {
    complaint: {
      intakeType: 'information-request',
      channel: 'web',
      categoryCode: 'JALAN-RUSAK',
      title: 'Jadwal perbaikan jalan di Kecamatan Sako',
      description: 'Mohon informasi jadwal perbaikan jalan lingkungan tahun ini.',
      location: null,
      address: 'Kecamatan Sako',
      reporter: reporter('warga-1007', 'Dian Lestari', '0813-6720-1107'),
      anonymous: false,
    },
    agencyId: 'dinas-pupr',
    steps: [],
  },
];

/**
 * Files the demo complaints through the citizen portal's client once and lets
 * the desk and each agency's client work them; returns their tracking codes.
 */
export async function ensureDemoComplaints(gatewayUrl: string, clients: DemoClient[], markerFile: string): Promise<string[]> {
  if (existsSync(markerFile)) return JSON.parse(readFileSync(markerFile, 'utf8')) as string[];
  const tokens = new Tokens(gatewayUrl, clients);
  const trackingCodes: string[] = [];
  let firstComplaintId = '';
  for (const demo of DEMO_COMPLAINTS) {
    const { complaintId, trackingCode } = (await post(gatewayUrl, await tokens.portal(), '/v1/complaints', demo.complaint)) as { complaintId: string; trackingCode: string };
    for (const [actor, action, body] of demo.steps) {
      const token = actor === 'desk' ? await tokens.agency('dinas-kominfo') : actor === 'portal' ? await tokens.portal() : await tokens.agency(demo.agencyId);
      await post(gatewayUrl, token, `/v1/complaints/${complaintId}/${action}`, body ?? {});
    }
    // The citizen rates the closed complaint through the portal, with its tracking code as proof.
    if (demo.survey) await post(gatewayUrl, await tokens.portal(), '/v1/surveys', { trackingCode, scores: demo.survey });
    trackingCodes.push(trackingCode);
    firstComplaintId ||= complaintId;
  }
  // The archived duplicate of the first report.
  const duplicate = (await post(gatewayUrl, await tokens.portal(), '/v1/complaints', { ...DEMO_COMPLAINTS[0].complaint, reporter: reporter('warga-1008', 'Fajar Nugroho', '0852-6655-1108') })) as { complaintId: string; trackingCode: string };
  await post(gatewayUrl, await tokens.agency('dinas-kominfo'), `/v1/complaints/${duplicate.complaintId}/archive`, { reason: 'duplicate', note: 'Sudah dilaporkan sebelumnya', duplicateOf: firstComplaintId });
  trackingCodes.push(duplicate.trackingCode);
  writeFileSync(markerFile, JSON.stringify(trackingCodes));
  return trackingCodes;
}

/** Tokens of the demo clients, fetched once each. */
class Tokens {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly gatewayUrl: string, private readonly clients: DemoClient[]) {}

  portal(): Promise<string> {
    return this.of((client) => client.scopes.includes('agencies:all') && client.scopes.includes('complaints:write'), 'the citizen portal');
  }

  agency(agencyId: string): Promise<string> {
    return this.of((client) => client.agencyId === agencyId && client.scopes.includes('complaints:write') && !client.scopes.includes('agencies:all') && client.scopes.includes('complaints:read'), agencyId);
  }

  private of(matches: (client: DemoClient) => boolean, name: string): Promise<string> {
    const client = this.clients.find(matches);
    if (!client) throw new InfraError(`no demo client for ${name} to work the demo complaints with`);
    if (!this.cache.has(client.clientId)) this.cache.set(client.clientId, clientToken(this.gatewayUrl, client));
    return this.cache.get(client.clientId)!;
  }
}

async function post(gatewayUrl: string, token: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${gatewayUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer: unknown = await response.json();
  if (response.status >= 300) throw new InfraError(`demo data: POST ${path} answered ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}
