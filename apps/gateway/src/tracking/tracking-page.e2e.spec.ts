import { callApi, launchChromium, ServicesBehindGateway, startBehindGateway, validateOpenApi } from '@palembang/platform/testing';
import { source as axeSource } from 'axe-core';
import type { Browser, Page } from 'playwright-core';

type Step = { at: string; event: string; status: string; label: string; agencyId: string };
type PublicTimeline = { trackingCode: string; status: string; agencyId: string; timeline: Step[] };

/** Low enough that the test can exhaust it, high enough for everything else it does from one address. */
const RATE_LIMIT_PER_MINUTE = 40;
const TIME = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' });

const APPLICANT = { applicantId: 'warga-lacak', nik: '1671011708900077', name: 'Siti Aminah', phone: '0812-7300-5678', address: 'Jl. Merdeka 17' };
const REPORT = { title: 'Jalan berlubang dekat SD 12', description: 'Lubang besar, anak saya hampir jatuh', address: 'Jl. Sudirman 45', reporter: { reporterId: 'warga-lacak-2', name: 'Budi Santoso', phone: '0813-1111-2222' } };
const AGENCY_WORDS = ['Petugas kami, Ibu Ratna, sudah ke lokasi', 'Lubang sudah ditambal oleh Pak Joko'];
/** What no public answer or page may show: the applicant's and reporter's data, the report, the agency's own words. */
const SECRETS = [APPLICANT.applicantId, APPLICANT.nik, APPLICANT.name, APPLICANT.phone, APPLICANT.address, REPORT.title, REPORT.description, REPORT.address, REPORT.reporter.reporterId, REPORT.reporter.name, REPORT.reporter.phone, ...AGENCY_WORDS];

/**
 * The public tracking page in a real headless Chromium, on a phone and a desktop viewport: the
 * timeline a citizen sees for a permit application's and a complaint's tracking code is the public
 * API's, step for step, with no personal data; the page passes axe-core with no serious or critical
 * violation; an unknown code is a 404 problem+json and a message; lookups are limited per address.
 */
describe('the public tracking page /lacak in a headless browser (gateway, permits and complaints processes)', () => {
  let platform: ServicesBehindGateway<'permits' | 'complaints'>;
  let browser: Browser;
  let permitCode: string;
  let complaintCode: string;
  const url = () => platform.gateway.baseUrl;

  beforeAll(async () => {
    browser = await launchChromium();
    platform = await startBehindGateway(['permits', 'complaints'], { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE) });
    const pupr = await platform.tokenFor('dinas-pupr', ['permits:read', 'permits:write', 'complaints:read', 'complaints:write']);
    const desk = await platform.tokenFor('dinas-kominfo', ['complaints:read', 'complaints:write']);
    const portal = await platform.tokenFor('pemkot-palembang', ['complaints:write', 'complaints:read', 'agencies:all']);

    const types = await callApi(url(), pupr, 'GET', '/v1/permit-types');
    const documents = (types.body.items as Array<{ code: string; requiredDocuments: string[] }>).find((type) => type.code === 'PBG')!.requiredDocuments;
    const permit = await callApi(url(), pupr, 'POST', '/v1/permit-applications', { body: { permitTypeCode: 'PBG', applicant: APPLICANT, documents } });
    expect(permit.status).toBe(201);
    permitCode = permit.body.trackingCode as string;
    const permitId = permit.body.applicationId as string;
    for (const [action, body] of [['verify', undefined], ['start-review', { officerId: 'pupr-officer-9' }], ['approve', undefined]] as const) {
      expect((await callApi(url(), pupr, 'POST', `/v1/permit-applications/${permitId}/${action}`, { body })).status).toBe(200);
    }
    const complaint = await callApi(url(), portal, 'POST', '/v1/complaints', { body: { intakeType: 'complaint', channel: 'web', categoryCode: 'JALAN-RUSAK', anonymous: true, ...REPORT } });
    expect(complaint.status).toBe(201);
    complaintCode = complaint.body.trackingCode as string;
    const complaintId = complaint.body.complaintId as string;
    const steps = [[desk, 'verify', {}], [pupr, 'accept', undefined], [pupr, 'updates', { message: AGENCY_WORDS[0] }], [pupr, 'resolve', { response: AGENCY_WORDS[1] }]] as const;
    for (const [token, action, body] of steps) {
      expect((await callApi(url(), token, 'POST', `/v1/complaints/${complaintId}/${action}`, { body })).status).toBeLessThan(300);
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    expect(await platform?.stop()).toEqual([0, 0, 0]);
  });

  async function publicTimeline(code: string): Promise<PublicTimeline> {
    const path = code.startsWith('LPR-') ? `/v1/complaint-tracking/${code}/timeline` : `/v1/tracking/${code}/timeline`;
    const answer = await callApi(url(), undefined, 'GET', path);
    expect(answer.status).toBe(200);
    return answer.body as unknown as PublicTimeline;
  }

  it('answers a tracking code without a credential with statuses, labels, times and agencies only', async () => {
    for (const code of [permitCode, complaintCode]) {
      const path = code.startsWith('LPR-') ? `/v1/complaint-tracking/${code}/timeline` : `/v1/tracking/${code}/timeline`;
      const answer = await callApi(url(), undefined, 'GET', path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(Object.keys(answer.body).sort()).toEqual(['agencyId', 'status', 'timeline', 'trackingCode']);
      const timeline = answer.body.timeline as Step[];
      expect(timeline.length).toBeGreaterThanOrEqual(4);
      for (const step of timeline) expect(Object.keys(step).sort()).toEqual(['agencyId', 'at', 'event', 'label', 'status']);
      const text = JSON.stringify(answer.body);
      expect(SECRETS.filter((secret) => text.includes(secret))).toEqual([]);
    }
    expect((await publicTimeline(permitCode)).status).toBe('approved');
    expect((await publicTimeline(complaintCode)).timeline.map((step) => step.agencyId)).toEqual(['dinas-kominfo', 'dinas-pupr', 'dinas-pupr', 'dinas-pupr', 'dinas-pupr']);
  });

  it("publishes the page and both timelines in the gateway's valid OpenAPI document, the timelines without any security", async () => {
    const document = (await (await fetch(`${url()}/docs-json`)).json()) as { paths: Record<string, Record<string, { security?: unknown[]; 'x-agency-rule'?: string }>> };
    await validateOpenApi(document);
    const timelines = ['/v1/tracking/{trackingCode}/timeline', '/v1/complaint-tracking/{trackingCode}/timeline'].map((path) => document.paths[path]?.get);
    expect(timelines.map((operation) => [operation?.security ?? [], operation?.['x-agency-rule']])).toEqual([[[], 'citizen-proof'], [[], 'citizen-proof']]);
    expect(document.paths['/lacak']?.get?.['x-agency-rule']).toBe('public');
  });

  it('answers every unknown code, well-formed or not, with the same 404 problem+json naming none', async () => {
    const unknown = ['/v1/tracking/PLG-3333333333/timeline', '/v1/tracking/plg-not-a-code/timeline', `/v1/tracking/${complaintCode}/timeline`, '/v1/complaint-tracking/LPR-3333333333/timeline', `/v1/complaint-tracking/${permitCode}/timeline`];
    const bodies = new Map<string, Set<string>>();
    for (const path of unknown) {
      const answer = await callApi(url(), undefined, 'GET', path);
      expect([path, answer.status, answer.headers.get('content-type')]).toEqual([path, 404, expect.stringContaining('application/problem+json')]);
      // The problem's instance is the caller's own request path (RFC 9457); the rest names no code.
      const { instance, correlationId, ...rest } = answer.body;
      expect([instance, typeof correlationId]).toEqual([path, 'string']);
      expect(JSON.stringify(rest)).not.toMatch(/PLG-|LPR-|not-a-code/i);
      const service = path.split('/')[2];
      bodies.set(service, (bodies.get(service) ?? new Set()).add(JSON.stringify(rest)));
    }
    expect([...bodies.entries()].map(([service, answers]) => [service, answers.size])).toEqual([['tracking', 1], ['complaint-tracking', 1]]);
    expect(JSON.parse([...bodies.get('tracking')!][0]).code).toBe('PERMIT.NOT_FOUND');
    expect(JSON.parse([...bodies.get('complaint-tracking')!][0]).code).toBe('COMPLAINT.NOT_FOUND');
  });

  it.each([
    ['a phone', { width: 390, height: 844 }],
    ['a desktop', { width: 1280, height: 800 }],
  ])('shows on %s exactly the public timeline of the API, accessibly and with a strict CSP', async (_name, viewport) => {
    const page = await browser.newPage({ viewport });
    const problems = watchForProblems(page);
    const response = await page.goto(`${url()}/lacak`);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');

    // Typed as a citizen might: lower case, with a space.
    for (const [typed, code] of [[` ${permitCode.toLowerCase()} `, permitCode], [complaintCode, complaintCode]]) {
      await lookUp(page, typed, 'found');
      const api = await publicTimeline(code);
      const shown = await page.$$eval('#timeline li', (items) =>
        items.map((item) => ({
          at: item.getAttribute('data-at'),
          event: item.getAttribute('data-event'),
          status: item.getAttribute('data-status'),
          agencyId: item.getAttribute('data-agency'),
          time: item.querySelector('time')?.textContent,
          label: item.querySelector('.label')?.textContent,
          agency: item.querySelector('.agency')?.textContent,
        })),
      );
      expect(shown).toEqual(api.timeline.map((step) => ({ ...step, time: `${TIME.format(new Date(step.at))} WIB`, agency: `Instansi: ${step.agencyId}` })));
      expect(await page.textContent('#current-status')).toBe(api.timeline[api.timeline.length - 1].label);
      expect(await page.getAttribute('#current-status', 'data-status')).toBe(api.status);
      expect(await page.textContent('#current-agency')).toBe(api.agencyId);
      expect(await page.textContent('#result-title')).toContain(code);
      const html = await page.content();
      expect(SECRETS.filter((secret) => html.includes(secret))).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
    }
    // Usable on a phone: nothing wider than the screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);

    await lookUp(page, 'PLG-3333333333', 'not-found');
    expect(await page.textContent('#message')).toContain('tidak ditemukan');
    expect(await page.isHidden('#result')).toBe(true);
    await lookUp(page, 'ABC-123', 'invalid');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('has an accessibility check that finds violations where there are some', async () => {
    const page = await browser.newPage();
    await page.setContent('<html><body><img src="/x.png"><button></button></body></html>');
    expect(await seriousViolations(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^image-alt: /), expect.stringMatching(/^button-name: /)]));
    await page.close();
  });

  it('looks up a code given in the link (the fragment, which no server sees)', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${url()}/lacak#${complaintCode}`);
    await page.waitForSelector('body[data-state="found"]', { timeout: 15_000 });
    expect(await page.$$eval('#timeline li', (items) => items.length)).toBe((await publicTimeline(complaintCode)).timeline.length);
    await page.close();
  }, 60_000);

  // Last: it spends the address's budget.
  it('limits lookups per caller address, whatever X-Forwarded-For an untrusted caller sends, and the page says when to retry', async () => {
    const answers = [];
    for (let i = 0; i < RATE_LIMIT_PER_MINUTE + 5; i++) {
      answers.push(await callApi(url(), undefined, 'GET', '/v1/tracking/PLG-3333333333/timeline', { headers: { 'x-forwarded-for': `203.0.113.${i}` } }));
    }
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited[0].body.code).toBe('REQUEST.RATE_LIMITED');
    // The page itself is not limited; the lookup is, and the citizen is told so.
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${url()}/lacak`);
    // The bucket refills continuously (one call per 1.5 s here): spend what came back, then look up, until refused.
    for (let attempt = 0; attempt < 5 && (await page.getAttribute('body', 'data-state')) !== 'rate-limited'; attempt++) {
      while ((await callApi(url(), undefined, 'GET', '/v1/tracking/PLG-3333333333/timeline')).status !== 429);
      await page.fill('#code', permitCode);
      await page.click('button[type="submit"]');
      await page.waitForSelector('body:not([data-state="loading"])', { timeout: 15_000 });
    }
    expect(await page.getAttribute('body', 'data-state')).toBe('rate-limited');
    expect(await page.textContent('#message')).toMatch(/Coba lagi dalam \d+ detik/);
    await page.close();
  }, 60_000);
});

async function lookUp(page: Page, typed: string, expected: string): Promise<void> {
  await page.fill('#code', typed);
  await page.click('button[type="submit"]');
  await page.waitForSelector(`body[data-state="${expected}"]`, { timeout: 15_000 });
}

/** Uncaught errors and CSP refusals (Chromium reports both on the console). */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    // The browser logs every 404 and 429 answer; those are the answers under test, not problems.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of 4')) problems.push(message.text());
  });
  return problems;
}

/**
 * axe-core's rules run in the page as it is now; violations of serious or critical impact, by rule
 * and element. Injected through the debugging protocol, which the page's CSP does not govern.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  // A string, run in the page: this workspace compiles its tests without the DOM's types.
  const violations = await page.evaluate<Array<{ id: string; impact: string | null; targets: string[] }>>(
    'axe.run(document).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((node) => node.target.join(" ")) })))',
  );
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.targets.join(', ')}`);
}
