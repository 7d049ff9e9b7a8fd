import { INestApplicationContext } from '@nestjs/common';
import { TRACKING_ALPHABET } from '@palembang/http';
import { CommandContext, DemoRandom, historyDays, inPool, jakartaInstant, officeTimeAfter, officeTimeOn, SeedHistoryOptions, SeedHistoryReport } from '@palembang/platform';
import { PALEMBANG_PERMIT_TYPES, PermitApplication, PermitType } from '@palembang/permits-domain';
import { indonesianCalendar, isAfter, WorkingDayCalendar } from '@palembang/working-days';
import { PermitApplicationRequest, PermitApplicationsService } from '../permit-applications/permit-applications.service';

/**
 * How an agency works one permit type in the demo year. Shares of the type's processing
 * days: a decision drawn from `decisionShare` may fall past the deadline, and then the
 * deadline check records a breach or, where the type allows it, a deemed approval.
 */
type Pace = Readonly<{
  /** Applications a month at the start of the year, and the factor they grow by over the year. */
  monthly: number;
  growth: number;
  decisionShare: readonly [min: number, max: number];
  /** The decision share grows by this much over the year: the agency falls behind. */
  slowdown?: number;
  incomplete: number;
  rejected: number;
  withdrawn: number;
}>;

/** Fast (tourism, the one-stop office), slow (public works), steady (health), one with a growing backlog (environment). */
const PACES: Readonly<Record<string, Pace>> = {
  TDUP: { monthly: 22, growth: 1.3, decisionShare: [0.2, 0.9], incomplete: 0.12, rejected: 0.04, withdrawn: 0.01 },
  REKLAME: { monthly: 24, growth: 1.1, decisionShare: [0.3, 1.0], incomplete: 0.15, rejected: 0.1, withdrawn: 0.02 },
  IUTS: { monthly: 6, growth: 1.2, decisionShare: [0.4, 1.1], incomplete: 0.25, rejected: 0.12, withdrawn: 0.03 },
  PBG: { monthly: 32, growth: 1.0, decisionShare: [0.7, 1.6], incomplete: 0.35, rejected: 0.08, withdrawn: 0.03 },
  SLF: { monthly: 11, growth: 1.0, decisionShare: [0.8, 2.5], incomplete: 0.2, rejected: 0.05, withdrawn: 0.02 },
  'SIP-DOKTER': { monthly: 12, growth: 1.0, decisionShare: [0.4, 1.2], incomplete: 0.1, rejected: 0.03, withdrawn: 0.01 },
  'SIP-PERAWAT': { monthly: 18, growth: 1.0, decisionShare: [0.4, 1.2], incomplete: 0.1, rejected: 0.03, withdrawn: 0.01 },
  SPPL: { monthly: 21, growth: 1.6, decisionShare: [0.5, 1.2], slowdown: 3, incomplete: 0.2, rejected: 0.06, withdrawn: 0.02 },
};

const SEED_ACTOR = 'demo-history';
const CITIZEN_PORTAL_ACTOR = 'citizen-portal-demo-history';
/** Applications worked at the same time: each runs its commands in order, on its own stream. */
const CONCURRENCY = 12;

type Planned = Readonly<{ index: number; type: PermitType; pace: Pace; submittedAt: string; yearShare: number }>;

/** Counts of what the seed recorded, by outcome. */
type Tally = Record<'applications' | 'commands' | 'revisions' | 'issued' | 'rejected' | 'withdrawn' | 'deemedApproved' | 'breached' | 'pending', number>;

/** The applications of the demo year, oldest first: the same for the same options. */
export function planApplications(options: SeedHistoryOptions): Planned[] {
  const random = new DemoRandom(options.seed, 'permits');
  const days = historyDays(options);
  const calendar = indonesianCalendar();
  const planned: Planned[] = [];
  days.forEach((date, dayIndex) => {
    if (!calendar.isWorkingDay(date)) return;
    const yearShare = dayIndex / days.length;
    for (const type of PALEMBANG_PERMIT_TYPES) {
      const pace = PACES[type.code];
      if (!pace) continue;
      // About 21 working days a month.
      const mean = ((pace.monthly * (1 + (pace.growth - 1) * yearShare)) / 21) * options.scale;
      for (let count = random.poisson(mean); count > 0; count--) planned.push({ index: planned.length, type, pace, submittedAt: officeTimeOn(date, random), yearShare });
    }
  });
  return planned;
}

/**
 * Seeds the permit applications of the demo year through PermitApplicationsService, each
 * command with the clock of its moment. Once: the last planned application's stream is the marker.
 */
export async function seedPermitsHistory(app: INestApplicationContext, options: SeedHistoryOptions): Promise<SeedHistoryReport> {
  const applications = app.get(PermitApplicationsService);
  const planned = planApplications(options);
  const ids = planned.map((plan) => new DemoRandom(options.seed, 'permit-application', plan.index).uuid());
  const last = ids.at(-1);
  if (last === undefined || (await applications.agencyOf(last)) !== undefined) return { alreadySeeded: true, counts: {} };
  const tally: Tally = { applications: 0, commands: 0, revisions: 0, issued: 0, rejected: 0, withdrawn: 0, deemedApproved: 0, breached: 0, pending: 0 };
  const calendar = indonesianCalendar();
  const end = jakartaInstant(options.until, 0);
  await inPool(planned, CONCURRENCY, async (plan, index) => {
    // Resumes a seed stopped half way: an application already there is left as it is.
    if ((await applications.agencyOf(ids[index])) !== undefined) return;
    await new ApplicationStory(applications, calendar, new DemoRandom(options.seed, 'permit-story', plan.index), plan, ids[index], end, tally).tell();
  });
  return { alreadySeeded: false, counts: tally };
}

/** One application's life, told command by command; it stops where the history ends. */
class ApplicationStory {
  private state?: PermitApplication;
  private now: string;

  constructor(
    private readonly applications: PermitApplicationsService,
    private readonly calendar: WorkingDayCalendar,
    private readonly random: DemoRandom,
    private readonly plan: Planned,
    private readonly applicationId: string,
    private readonly end: string,
    private readonly tally: Tally,
  ) {
    this.now = plan.submittedAt;
  }

  async tell(): Promise<void> {
    const { type, pace } = this.plan;
    const complete = !this.random.chance(pace.incomplete);
    const documents = complete ? type.requiredDocuments : type.requiredDocuments.slice(0, -1);
    await this.send('citizen', 0, { type: 'SubmitApplication', data: { applicationId: this.applicationId, trackingCode: `PLG-${this.random.code(TRACKING_ALPHABET, 10)}`, permitTypeCode: type.code, applicant: this.applicant(), documents } });
    this.tally.applications++;
    if (!complete && !(await this.revise(type.requiredDocuments.at(-1)!, 'Dokumen persyaratan belum lengkap'))) return;
    if (!(await this.send('agency', this.random.int(0, 2), { type: 'VerifyApplication', data: { applicationId: this.applicationId } }))) return;
    if (!(await this.send('agency', this.random.int(0, 1), { type: 'StartReview', data: { applicationId: this.applicationId, officerId: `${type.agencyId}-petugas-${this.random.int(1, 6)}` } }))) return;
    if (this.random.chance(0.08) && !(await this.revise(type.requiredDocuments[0], 'Dokumen perlu diperbaiki: data tidak sesuai'))) return;
    await this.decide();
  }

  private async decide(): Promise<void> {
    const { type, pace, yearShare } = this.plan;
    const [min, max] = pace.decisionShare;
    const share = (min + this.random.next() * (max - min)) * (1 + (pace.slowdown ?? 0) * yearShare * yearShare);
    const days = Math.max(0, Math.round(type.processingDays * share) - 1);
    if (this.random.chance(pace.withdrawn)) {
      if (await this.send('citizen', days, { type: 'WithdrawApplication', data: { applicationId: this.applicationId, reason: 'Pemohon membatalkan permohonan' } })) this.tally.withdrawn++;
      return;
    }
    if (this.random.chance(pace.rejected)) {
      if (await this.send('agency', days, { type: 'RejectApplication', data: { applicationId: this.applicationId, reason: 'Persyaratan teknis tidak terpenuhi' } })) this.tally.rejected++;
      return;
    }
    if (!(await this.send('agency', days, { type: 'ApproveApplication', data: { applicationId: this.applicationId } }))) return;
    if (await this.send('agency', this.random.int(0, 1), { type: 'IssuePermit', data: { applicationId: this.applicationId, permitNumber: `503/${type.code}/${String(this.plan.index + 1).padStart(5, '0')}/${this.now.slice(0, 4)}` } })) this.tally.issued++;
  }

  /** The agency asks for a document, the applicant hands it in a few days later; false once the history ends. */
  private async revise(document: string, reason: string): Promise<boolean> {
    if (!(await this.send('agency', this.random.int(0, 1), { type: 'RequestRevision', data: { applicationId: this.applicationId, missingDocuments: [document], reason } }))) return false;
    this.tally.revisions++;
    return this.send('citizen', this.random.int(1, 6), { type: 'ResubmitApplication', data: { applicationId: this.applicationId, documents: this.plan.type.requiredDocuments } });
  }

  /**
   * Sends the command `workingDays` after the last one, unless that is past the history's end. A deadline
   * passed before it is found by the deadline check first, on the night after the deadline, as the watcher
   * would: a deemed approval then decides the application (an approval becomes the permit's issue).
   */
  private async send(who: 'citizen' | 'agency', workingDays: number, request: PermitApplicationRequest): Promise<boolean> {
    const at = request.type === 'SubmitApplication' ? this.now : officeTimeAfter(this.calendar, this.random, this.now, workingDays);
    const limit = isAfter(at, this.end) ? this.end : at;
    await this.checkDeadlineBefore(limit);
    if (isAfter(at, this.end) || this.decided()) {
      if (!this.decided()) this.tally.pending++;
      return false;
    }
    // Approved by law at the deadline: the agency only issues the permit.
    if (this.state?.status === 'approved' && request.type !== 'IssuePermit') return request.type === 'ApproveApplication';
    await this.run(request, at, who);
    return true;
  }

  private async checkDeadlineBefore(moment: string): Promise<void> {
    const state = this.state;
    if (!state || (state.status !== 'verified' && state.status !== 'under-review') || state.sla.provisional || state.sla.breached) return;
    const detectedAt = new Date(Date.parse(state.sla.deadline) + 15 * 60_000).toISOString();
    if (!isAfter(moment, detectedAt)) return;
    await this.run({ type: 'CheckDeadline', data: { applicationId: this.applicationId } }, detectedAt, 'system');
    if (this.state?.status === 'approved') this.tally.deemedApproved++;
    else this.tally.breached++;
  }

  /** Decided by the deadline (deemed approval) before the agency acted: only the issue follows. */
  private decided(): boolean {
    return this.state !== undefined && !['submitted', 'revision-requested', 'verified', 'under-review', 'approved'].includes(this.state.status);
  }

  private async run(request: PermitApplicationRequest, now: string, who: 'citizen' | 'agency' | 'system'): Promise<void> {
    // As the API records them: the citizen portal acts for the type's agency, the deadline watcher for the system.
    const actor = { citizen: CITIZEN_PORTAL_ACTOR, agency: `${this.plan.type.agencyId}-${SEED_ACTOR}`, system: 'deadline-watcher' }[who];
    const context: CommandContext = { actor, agencyId: who === 'system' ? 'system' : this.plan.type.agencyId, correlationId: this.random.uuid(), now };
    const { application } = await this.applications.execute(request, context);
    this.state = application;
    this.now = now;
    this.tally.commands++;
  }

  private applicant() {
    const first = this.random.pick(['Ahmad', 'Siti', 'Muhammad', 'Nyimas', 'Kemas', 'Dewi', 'Rizky', 'Putri', 'Fajar', 'Ayu', 'Hendra', 'Rina']);
    const last = this.random.pick(['Saputra', 'Lestari', 'Hidayat', 'Rahmawati', 'Pratama', 'Kurniawan', 'Wulandari', 'Syahputra', 'Anggraini', 'Firmansyah']);
    // A NIK of Palembang (16 71) with a plausible birth date; the last four digits a serial.
    const day = this.random.int(1, 28) + (this.random.chance(0.5) ? 40 : 0);
    const nik = `1671${String(this.random.int(1, 18)).padStart(2, '0')}${String(day).padStart(2, '0')}${String(this.random.int(1, 12)).padStart(2, '0')}${String(this.random.int(60, 99))}${String(this.random.int(1, 9999)).padStart(4, '0')}`;
    return {
      applicantId: `warga-${this.random.code('0123456789abcdef', 12)}`,
      nik,
      name: `${first} ${last}`,
      phone: `08${this.random.int(11, 59)}-${this.random.int(1000, 9999)}-${this.random.int(1000, 9999)}`,
      email: null,
      address: `Jl. ${this.random.pick(['Sudirman', 'Demang Lebar Daun', 'Kapten A. Rivai', 'Veteran', 'Ahmad Yani', 'Basuki Rahmat', 'Angkatan 45'])} No. ${this.random.int(1, 200)}, Palembang`,
    };
  }
}
