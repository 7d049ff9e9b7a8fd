import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InfraError } from './errors';
import { clientToken, DemoClient } from './demo-clients';

const LMS = 'https://lms.palembang.go.id/xapi/activities';
const LMS_HOME = 'https://lms.palembang.go.id';
const BKPSDM = { kind: 'agency', id: 'bkpsdm' } as const;

/** Competency development programs modelled on common ASN curricula (JP of 45 minutes), the digital public-service ones first. */
const DEMO_PROGRAMS = [
  { key: 'ppbd', code: 'PPBD-01', title: 'Pelayanan Publik Berbasis Digital', competencyArea: 'digital-services', jp: 24, deliveryMode: 'blended', provider: BKPSDM,
    description: 'Merancang dan menjalankan layanan publik daring: formulir elektronik, pelacakan permohonan, pelindungan data pribadi (UU 27/2022).', xapiActivityIds: [`${LMS}/ppbd-01`] },
  { key: 'kaminfo', code: 'KAMINFO-01', title: 'Keamanan Informasi dan Pelindungan Data Pribadi', competencyArea: 'digital-services', jp: 8, deliveryMode: 'e-learning', provider: { kind: 'agency', id: 'dinas-kominfo' },
    description: 'Kata sandi, phishing, klasifikasi informasi dan kewajiban pengendali data pribadi di instansi pemerintah.', xapiActivityIds: [`${LMS}/kaminfo-01`] },
  { key: 'adkp', code: 'ADKP-01', title: 'Analisis Data Kinerja Pelayanan', competencyArea: 'digital-services', jp: 20, deliveryMode: 'e-learning', provider: BKPSDM,
    description: 'Mengukur waktu penyelesaian, kepatuhan SLA dan IKM; membaca dasbor akuntabilitas.', xapiActivityIds: [`${LMS}/adkp-01`] },
  { key: 'skm', code: 'SKM-01', title: 'Survei Kepuasan Masyarakat (PermenPANRB 14/2017)', competencyArea: 'technical', jp: 12, deliveryMode: 'e-learning', provider: BKPSDM,
    description: 'Menyusun, melaksanakan dan mengolah survei kepuasan masyarakat: sembilan unsur, NRR, IKM.', xapiActivityIds: [`${LMS}/skm-01`] },
  { key: 'oss', code: 'OSS-RBA-01', title: 'Tata Kelola Perizinan OSS-RBA', competencyArea: 'technical', jp: 32, deliveryMode: 'blended', provider: { kind: 'agency', id: 'dpmptsp' },
    description: 'Perizinan berusaha berbasis risiko: KBLI, persyaratan dasar, standar pelayanan dan fiktif positif.', xapiActivityIds: [] },
  { key: 'prima', code: 'PRIMA-01', title: 'Pelayanan Prima dan Komunikasi Publik', competencyArea: 'socio-cultural', jp: 16, deliveryMode: 'classroom', provider: BKPSDM,
    description: 'Etika pelayanan, komunikasi empatik, penanganan warga rentan dan penyandang disabilitas.', xapiActivityIds: [] },
] as const;

/** Fictional civil servants (valid NIPs); their year ends partial (under 20 JP) or complete. */
const DEMO_CIVIL_SERVANTS = [
  { nip: '198503122010011001', name: 'Ahmad Fauzi', agencyId: 'dpmptsp', learns: { cohort: true, xapi: [] as string[] } }, // 24 JP: complete
  { nip: '199001152015032002', name: 'Dewi Lestari', agencyId: 'dinas-kominfo', learns: { cohort: false, xapi: ['skm', 'kaminfo'] } }, // 20 JP: complete
  { nip: '198807202012121003', name: 'Rudi Hartono', agencyId: 'dinas-kesehatan', learns: { cohort: false, xapi: ['kaminfo'] } }, // 8 JP: partial
  { nip: '199204042019031004', name: 'Nyimas Ayu', agencyId: 'dpmptsp', learns: { cohort: false, xapi: ['skm'] } }, // 12 JP: partial
  { nip: '198611112011012005', name: 'Yusuf Hamdani', agencyId: 'dinas-pupr', learns: { cohort: true, xapi: ['adkp'] } }, // 44 JP: complete
  { nip: '199312302020122006', name: 'Maya Puspita', agencyId: 'dinas-lingkungan-hidup', learns: { cohort: false, xapi: [] as string[] } }, // 0 JP
] as const;

const DEMO_PARTNERS = [
  { name: 'Universitas Sriwijaya', kind: 'university' },
  { name: 'Universitas Islam Negeri Raden Fatah Palembang', kind: 'university' },
  { name: 'Politeknik Negeri Sriwijaya', kind: 'polytechnic' },
] as const;

type Ids = { programs: Record<string, string>; cohorts: string[]; partners: string[]; internships: string[]; researchProjects: string[] };

/**
 * Loads the training demo through the gateway once: BKPSDM's catalogue (digital public-service programs
 * first), a cohort held today with passes, the register of civil servants, JP from the LMS through xAPI
 * (some civil servants complete their 20 JP, others stay partial), partner universities with agreements,
 * an internship and a satisfaction study whose recommendations go to DPMPTSP. Needs the BKPSDM client
 * (training:read training:write); with a DPMPTSP client holding training:write, DPMPTSP also answers the
 * study's recommendations. Returns the ids created (kept in `markerFile`).
 */
export async function ensureDemoTraining(gatewayUrl: string, clients: DemoClient[], markerFile: string): Promise<Ids> {
  if (existsSync(markerFile)) return JSON.parse(readFileSync(markerFile, 'utf8')) as Ids;
  const bkpsdmClient = clients.find((client) => client.agencyId === 'bkpsdm' && client.scopes.includes('training:write'));
  if (!bkpsdmClient) throw new InfraError('no demo client of bkpsdm with training:write to load the training demo with');
  const bkpsdm = await clientToken(gatewayUrl, bkpsdmClient);
  const dpmptspClient = clients.find((client) => client.agencyId === 'dpmptsp' && client.scopes.includes('training:write'));
  const ids: Ids = { programs: {}, cohorts: [], partners: [], internships: [], researchProjects: [] };
  const today = jakartaDay(0);

  for (const { key, ...program } of DEMO_PROGRAMS) {
    ids.programs[key] = ((await send(gatewayUrl, bkpsdm, 'POST', '/v1/training-programs', program)) as { programId: string }).programId;
  }
  for (const servant of DEMO_CIVIL_SERVANTS) await send(gatewayUrl, bkpsdm, 'POST', '/v1/civil-servants', { nip: servant.nip, name: servant.name, agencyId: servant.agencyId });

  // A PPBD cohort held today: enrolment, attendance and passes (each pass credits 24 JP).
  const held = (await send(gatewayUrl, bkpsdm, 'POST', `/v1/training-programs/${ids.programs.ppbd}/cohorts`, {
    startsOn: today, endsOn: today, capacity: 25, sessions: [{ sessionId: 'hari-1', date: today }],
  })) as { cohortId: string };
  ids.cohorts.push(held.cohortId);
  const learners = DEMO_CIVIL_SERVANTS.filter((servant) => servant.learns.cohort);
  for (const servant of learners) await send(gatewayUrl, bkpsdm, 'POST', `/v1/cohorts/${held.cohortId}/enrolments`, { nip: servant.nip });
  await send(gatewayUrl, bkpsdm, 'POST', `/v1/cohorts/${held.cohortId}/attendance`, { sessionId: 'hari-1', presentNips: learners.map((servant) => servant.nip) });
  for (const [index, servant] of learners.entries()) {
    await send(gatewayUrl, bkpsdm, 'POST', `/v1/cohorts/${held.cohortId}/completions`, { nip: servant.nip, score: 85 + index, passed: true, certificateNumber: `BKPSDM/PPBD/${today.slice(0, 4)}/${String(index + 1).padStart(3, '0')}` });
  }
  // Upcoming cohorts with seats, one a month from now.
  for (const key of ['prima', 'oss'] as const) {
    const startsOn = jakartaDay(30);
    const upcoming = (await send(gatewayUrl, bkpsdm, 'POST', `/v1/training-programs/${ids.programs[key]}/cohorts`, {
      startsOn, endsOn: jakartaDay(32), capacity: 30, sessions: [{ sessionId: 'hari-1', date: startsOn }, { sessionId: 'hari-2', date: jakartaDay(31) }, { sessionId: 'hari-3', date: jakartaDay(32) }],
    })) as { cohortId: string };
    ids.cohorts.push(upcoming.cohortId);
  }
  await send(gatewayUrl, bkpsdm, 'POST', `/v1/cohorts/${ids.cohorts[1]}/enrolments`, { nip: DEMO_CIVIL_SERVANTS[2].nip });

  // The LMS reports e-learning completions as xAPI statements (HTTP Basic with its xAPI credential).
  const statements = DEMO_CIVIL_SERVANTS.flatMap((servant) =>
    servant.learns.xapi.map((key) => ({
      actor: { objectType: 'Agent', name: servant.name, account: { homePage: LMS_HOME, name: servant.nip } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'id-ID': 'menyelesaikan' } },
      object: { objectType: 'Activity', id: DEMO_PROGRAMS.find((program) => program.key === key)?.xapiActivityIds[0] },
      result: { completion: true, success: true },
    })),
  );
  const lms = clients.find((client) => client.agencyId === 'bkpsdm' && client.xapi)?.xapi;
  if (!lms) throw new InfraError('no demo LMS client of bkpsdm with an xAPI credential to send statements with');
  await sendXapi(gatewayUrl, lms, statements);

  for (const partner of DEMO_PARTNERS) ids.partners.push(((await send(gatewayUrl, bkpsdm, 'POST', '/v1/partners', partner)) as { partnerId: string }).partnerId);
  const unsri = ids.partners[0];
  const signed = (await send(gatewayUrl, bkpsdm, 'POST', `/v1/partners/${unsri}/agreements`, { scope: ['internship', 'research', 'training'], validFrom: jakartaDay(-60), validUntil: jakartaDay(3 * 365) })) as {
    agreements: Array<{ agreementId: string }>;
  };
  const agreementId = signed.agreements[0].agreementId;
  await send(gatewayUrl, bkpsdm, 'POST', `/v1/partners/${ids.partners[2]}/agreements`, { scope: ['internship'], validFrom: jakartaDay(-30), validUntil: jakartaDay(365) });

  const internship = (await send(gatewayUrl, bkpsdm, 'POST', '/v1/internships', {
    partnerId: unsri, agreementId, studentId: '09011282126001', studentName: 'Rizky Pratama', agencyId: 'dinas-kominfo', supervisorNip: DEMO_CIVIL_SERVANTS[1].nip, startsOn: today, endsOn: jakartaDay(90),
  })) as { internshipId: string };
  ids.internships.push(internship.internshipId);

  const study = (await send(gatewayUrl, bkpsdm, 'POST', '/v1/research-projects', {
    partnerId: unsri, agreementId, agencyId: 'dpmptsp', title: 'Survei kepuasan masyarakat atas layanan perizinan DPMPTSP', kind: 'satisfaction-study',
  })) as { projectId: string };
  ids.researchProjects.push(study.projectId);
  await send(gatewayUrl, bkpsdm, 'POST', `/v1/research-projects/${study.projectId}/findings`, { summary: 'IKM 74,21 (mutu C). Unsur terendah: waktu penyelesaian (U3) dan penanganan pengaduan (U8).' });
  for (const text of ['Sediakan pelacakan status permohonan daring dengan notifikasi', 'Ikutkan petugas front office pada pelatihan Pelayanan Publik Berbasis Digital', 'Publikasikan standar waktu layanan di setiap loket']) {
    await send(gatewayUrl, bkpsdm, 'POST', `/v1/research-projects/${study.projectId}/recommendations`, { text });
  }
  if (dpmptspClient) {
    const dpmptsp = await clientToken(gatewayUrl, dpmptspClient);
    const project = (await send(gatewayUrl, dpmptsp, 'GET', `/v1/research-projects/${study.projectId}`)) as { recommendations: Array<{ recommendationId: string }> };
    const [first, second] = project.recommendations;
    await send(gatewayUrl, dpmptsp, 'POST', `/v1/research-projects/${study.projectId}/recommendations/${first.recommendationId}/accept`, {});
    await send(gatewayUrl, dpmptsp, 'POST', `/v1/research-projects/${study.projectId}/recommendations/${first.recommendationId}/implement`, { note: 'Pelacakan daring aktif di Mal Pelayanan Publik' });
    await send(gatewayUrl, dpmptsp, 'POST', `/v1/research-projects/${study.projectId}/recommendations/${second.recommendationId}/accept`, {});
  }
  writeFileSync(markerFile, JSON.stringify(ids));
  return ids;
}

/** Today in Asia/Jakarta (UTC+7, no daylight saving), `offset` days away. */
function jakartaDay(offset: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}

async function send(gatewayUrl: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer: unknown = await response.json();
  if (response.status >= 300) throw new InfraError(`demo data: ${method} ${path} answered ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function sendXapi(gatewayUrl: string, login: { username: string; password: string }, statements: unknown[]): Promise<void> {
  const basic = Buffer.from(`${login.username}:${login.password}`).toString('base64');
  const response = await fetch(`${gatewayUrl}/xapi/statements`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' },
    body: JSON.stringify(statements),
  });
  if (response.status !== 200) throw new InfraError(`demo data: POST /xapi/statements answered ${response.status} ${await response.text()}`);
}
