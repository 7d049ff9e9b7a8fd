import { callApi, launchChromium, ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import type { Browser } from 'playwright-core';

type Figures = Record<string, unknown>;
type AgencyList = { period: string; items: Array<Figures & { agencyId: string }> };
type Ranking = { items: Array<{ agencyId: string; rank: number | null; score: number | null; coverage: number; components: Record<string, number | null> }> };

type Kind = 'number' | 'share';

/** The figures the dashboard shows per agency, and which kind each is. */
const AGENCY_FIGURES: Array<[string, Kind]> = [
  ['permits.received', 'number'],
  ['permits.decided', 'number'],
  ['permits.shareWithinStandard', 'share'],
  ['permits.medianWorkingDays', 'number'],
  ['permits.backlog', 'number'],
  ['complaints.received', 'number'],
  ['complaints.shareResolvedWithinDeadline', 'share'],
  ['complaints.reopenRate', 'share'],
  ['satisfaction.ikm', 'number'],
  ['training.jpPerCivilServant', 'number'],
  ['training.shareMeeting20Jp', 'share'],
];

/**
 * Whether `text` on the page says `value` from the API, by the page's rules rather than its code:
 * a share (0..1) is a percentage with one decimal ("66.7%"), any other figure a plain number with
 * at most two decimals and no trailing zero ("3.33", "2.5", "7"), and a missing figure a dash. The
 * text is read back and must be the API's number rounded to what it shows (ties either way).
 */
function says(text: string | null | undefined, kind: Kind, value: unknown): boolean {
  if (value === null || value === undefined) return text === '\u2014';
  if (typeof text !== 'string' || typeof value !== 'number') return false;
  if (kind === 'share') return /^\d+\.\d%$/.test(text) && Math.abs(Number(text.slice(0, -1)) - value * 100) <= 0.05 + 1e-9;
  return /^\d+(\.\d?[1-9])?$/.test(text) && Math.abs(Number(text) - value) <= 0.005 + 1e-9;
}

function valueAt(figures: Figures, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], figures);
}

/**
 * The public dashboard in a real headless Chromium, on a phone and a desktop
 * viewport: every figure on the page equals the metrics API's, after a permit
 * was decided and a complaint closed through the gateway.
 */
describe('the accountability dashboard in a headless browser (gateway, permits, complaints and accountability processes)', () => {
  let platform: ServicesBehindGateway<'permits' | 'complaints' | 'accountability'>;
  let browser: Browser;
  let metricsToken: string;
  const url = () => platform.gateway.baseUrl;

  beforeAll(async () => {
    browser = await launchChromium();
    platform = await startBehindGateway(['permits', 'complaints', 'accountability']);
    metricsToken = await platform.tokenFor('pemkot-palembang', ['metrics:read', 'agencies:all']);
    const pupr = await platform.tokenFor('dinas-pupr', ['permits:read', 'permits:write', 'complaints:read', 'complaints:write']);
    const desk = await platform.tokenFor('dinas-kominfo', ['complaints:read', 'complaints:write']);
    const portal = await platform.tokenFor('pemkot-palembang', ['complaints:write', 'complaints:read', 'agencies:all']);

    const types = await callApi(url(), pupr, 'GET', '/v1/permit-types');
    const documents = (types.body.items as Array<{ code: string; requiredDocuments: string[] }>).find((type) => type.code === 'PBG')!.requiredDocuments;
    const applicant = { applicantId: 'warga-dashboard', nik: '1671011708900001', name: 'Siti', phone: '0812-7300-1234', address: 'Jl. Merdeka 1' };
    const permit = await callApi(url(), pupr, 'POST', '/v1/permit-applications', { body: { permitTypeCode: 'PBG', applicant, documents } });
    const permitId = permit.body.applicationId as string;
    for (const [action, body] of [['verify', undefined], ['start-review', { officerId: 'pupr-1' }], ['approve', undefined]] as const) {
      expect((await callApi(url(), pupr, 'POST', `/v1/permit-applications/${permitId}/${action}`, { body })).status).toBe(200);
    }
    const complaint = await callApi(url(), portal, 'POST', '/v1/complaints', {
      body: { intakeType: 'complaint', channel: 'web', categoryCode: 'JALAN-RUSAK', title: 'Jalan berlubang', description: 'Lubang', address: 'Jl. Sudirman', anonymous: true, reporter: { reporterId: 'warga-d', name: 'Budi' } },
    });
    const complaintId = complaint.body.complaintId as string;
    for (const [token, action, body] of [[desk, 'verify', {}], [pupr, 'accept', undefined], [pupr, 'resolve', { response: 'Selesai' }], [portal, 'confirm', undefined]] as const) {
      expect((await callApi(url(), token, 'POST', `/v1/complaints/${complaintId}/${action}`, { body })).status).toBe(200);
    }
    await settled(async () => {
      const list = (await callApi(url(), metricsToken, 'GET', '/v1/metrics/agencies')).body as unknown as AgencyList;
      const pupr = list.items.find((item) => item.agencyId === 'dinas-pupr');
      return Number(valueAt(pupr ?? {}, 'permits.decided')) >= 1 && Number(valueAt(pupr ?? {}, 'complaints.resolved')) >= 1;
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    expect(await platform?.stop()).toEqual([0, 0, 0, 0]);
  });

  it.each([
    ['a phone', { width: 390, height: 844 }],
    ['a desktop', { width: 1280, height: 800 }],
  ])('shows on %s exactly the figures of the metrics API', async (_name, viewport) => {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url()}/dashboard`);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
    const agencies = (await callApi(url(), metricsToken, 'GET', '/v1/metrics/agencies')).body as unknown as AgencyList;
    const ranking = (await callApi(url(), metricsToken, 'GET', '/v1/metrics/ranking')).body as unknown as Ranking;
    expect(agencies.items.map((item) => item.agencyId)).toContain('dinas-pupr');

    const shown = await page.$$eval('#agencies td[data-figure]', (cells) => cells.map((cell) => [cell.getAttribute('data-agency'), cell.getAttribute('data-figure'), cell.textContent]));
    const text = (agencyId: string, figure: string) => shown.find(([agency, name]) => agency === agencyId && name === figure)?.[2];
    const misread: unknown[] = [];
    for (const agency of agencies.items) {
      for (const [figure, kind] of AGENCY_FIGURES) {
        const value = valueAt(agency, figure);
        if (!says(text(agency.agencyId, figure), kind, value)) misread.push({ agency: agency.agencyId, figure, shown: text(agency.agencyId, figure), api: value });
      }
    }
    expect(misread).toEqual([]);
    // What this test itself put in: PUPR decided a permit and resolved a complaint this month, so both shares are figures, not dashes.
    expect(Number(text('dinas-pupr', 'permits.decided'))).toBeGreaterThanOrEqual(1);
    expect(Number(text('dinas-pupr', 'complaints.received'))).toBeGreaterThanOrEqual(1);
    expect(text('dinas-pupr', 'permits.shareWithinStandard')).toMatch(/^\d+\.\d%$/);
    expect(text('dinas-pupr', 'complaints.shareResolvedWithinDeadline')).toMatch(/^\d+\.\d%$/);
    const ranks = await page.$$eval('#ranking td[data-figure="rank"]', (cells) => cells.map((cell) => [cell.getAttribute('data-agency'), cell.textContent]));
    // An agency with insufficient data has no rank: a dash.
    expect(ranks).toEqual(ranking.items.map((item) => [item.agencyId, item.rank === null ? '\u2014' : String(item.rank)]));
    const scores = await page.$$eval('#ranking td[data-figure="score"]', (cells) => cells.map((cell) => cell.textContent));
    expect(scores).toHaveLength(ranking.items.length);
    const misscored = ranking.items.map((item, index) => ({ agency: item.agencyId, shown: scores[index], api: item.score })).filter(({ shown, api }) => !says(shown, 'share', api));
    expect(misscored).toEqual([]);
    // The monthly trend of the agency chosen: a line per share, a label per month.
    await page.selectOption('#trend-agency', 'dinas-pupr');
    await page.waitForSelector('#trend[data-agency="dinas-pupr"] text', { state: 'attached' });
    const lines = await page.$$eval('#trend[data-agency="dinas-pupr"] polyline', (polylines) => polylines.map((line) => line.getAttribute('points')));
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toBe('');
    // Usable on a phone: nothing but the tables' own scroll areas is wider than the screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

/** Waits until `ready` holds and two reads a second apart agree (the projection has caught up). */
async function settled(ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error('the metrics did not show the decided permit and the closed complaint in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
