import { INestApplicationContext } from '@nestjs/common';
import { Complaint, COMPLAINTS_DESK_AGENCY, IntakeType } from '@palembang/complaints-domain';
import { PALEMBANG_AGENCIES } from '@palembang/events/core';
import { TRACKING_ALPHABET } from '@palembang/http';
import { CommandContext, DemoRandom, historyDays, inPool, jakartaInstant, officeTimeAfter, officeTimeOn, SeedHistoryOptions, SeedHistoryReport } from '@palembang/platform';
import { indonesianCalendar, isAfter, WorkingDayCalendar } from '@palembang/working-days';
import { ComplaintRequest, ComplaintsService } from '../complaints/complaints.service';
import { SurveysService } from '../surveys/surveys.service';

/**
 * How the agency responsible works one category's reports in the demo year: reports a month
 * (growing by `growth` over the year), the share of the follow-up period a resolution takes
 * (growing by `slowdown`: falling behind), how often it declines the report as not its
 * authority, and the satisfaction its reporters give (mean score 1-4).
 */
type Pace = Readonly<{ monthly: number; growth: number; resolveShare: readonly [number, number]; slowdown?: number; declines: number; satisfaction: number; title: string; reroutedTo: readonly string[] }>;

/** The kecamatan of the published register: the desk re-routes local matters to them. */
const KECAMATAN = PALEMBANG_AGENCIES.filter((agency) => agency.kind === 'kecamatan').map((agency) => agency.agencyId);

/** Quick (transport, civil registry, one-stop office), slow (public works, inspectorate), a growing backlog (environment). */
const PACES: Readonly<Record<string, Pace>> = {
  'JALAN-RUSAK': { monthly: 18, growth: 1.2, resolveShare: [0.4, 1.3], declines: 0.08, satisfaction: 2.7, title: 'Jalan berlubang', reroutedTo: ['dinas-perkimtan', ...KECAMATAN] },
  'DRAINASE-BANJIR': { monthly: 11, growth: 1.4, resolveShare: [0.4, 1.2], declines: 0.06, satisfaction: 2.8, title: 'Saluran tersumbat', reroutedTo: KECAMATAN },
  'SAMPAH-LINGKUNGAN': { monthly: 16, growth: 1.5, resolveShare: [0.3, 0.9], slowdown: 2.5, declines: 0.1, satisfaction: 2.6, title: 'Sampah tidak diangkut', reroutedTo: KECAMATAN },
  'LAMPU-LALU-LINTAS': { monthly: 7, growth: 1.0, resolveShare: [0.1, 0.6], declines: 0.04, satisfaction: 3.5, title: 'Lampu lalu lintas mati', reroutedTo: ['dinas-pupr'] },
  'LAYANAN-PUSKESMAS': { monthly: 6, growth: 1.0, resolveShare: [0.3, 1.0], declines: 0.03, satisfaction: 3.1, title: 'Antrean puskesmas', reroutedTo: ['dinas-sosial', ...KECAMATAN] },
  ADMINDUK: { monthly: 10, growth: 1.1, resolveShare: [0.1, 0.5], declines: 0.02, satisfaction: 3.4, title: 'KTP elektronik belum jadi', reroutedTo: KECAMATAN },
  'LAYANAN-PERIZINAN': { monthly: 4, growth: 1.1, resolveShare: [0.2, 0.7], declines: 0.03, satisfaction: 3.3, title: 'Status izin tidak jelas', reroutedTo: ['dinas-pupr'] },
  'PUNGLI-ASN': { monthly: 2, growth: 1.0, resolveShare: [0.6, 1.5], declines: 0.02, satisfaction: 2.5, title: 'Dugaan pungutan liar', reroutedTo: ['satpol-pp'] },
  PENDIDIKAN: { monthly: 5, growth: 1.0, resolveShare: [0.3, 1.1], declines: 0.05, satisfaction: 3.0, title: 'Zonasi penerimaan siswa', reroutedTo: KECAMATAN },
  'BANTUAN-SOSIAL': { monthly: 5, growth: 1.1, resolveShare: [0.5, 1.3], declines: 0.08, satisfaction: 2.8, title: 'Bantuan sosial belum diterima', reroutedTo: KECAMATAN },
};

const CHANNELS = ['web', 'mobile', 'mobile', 'sms', 'walk-in', 'open311'] as const;
const INTAKE_TYPES: readonly IntakeType[] = ['complaint', 'complaint', 'complaint', 'complaint', 'aspiration', 'information-request'];
/** The citizen portal, which reporters submit, confirm, dispute and rate through. */
const PORTAL = { actor: 'citizen-portal-demo-history', agencyId: 'pemkot-palembang' } as const;
const CONCURRENCY = 12;

type Planned = Readonly<{ index: number; categoryCode: string; pace: Pace; submittedAt: string; yearShare: number }>;

type Tally = Record<'complaints' | 'commands' | 'archived' | 'rerouted' | 'resolved' | 'reopened' | 'confirmed' | 'autoClosed' | 'overdue' | 'surveys' | 'pending', number>;

/** The reports of the demo year, oldest first: the same for the same options. */
export function planComplaints(options: SeedHistoryOptions): Planned[] {
  const random = new DemoRandom(options.seed, 'complaints');
  const days = historyDays(options);
  const planned: Planned[] = [];
  days.forEach((date, dayIndex) => {
    const yearShare = dayIndex / days.length;
    for (const [categoryCode, pace] of Object.entries(PACES)) {
      // Reports come in every day of the week; a month is about 30 days.
      const mean = ((pace.monthly * (1 + (pace.growth - 1) * yearShare)) / 30) * options.scale;
      for (let count = random.poisson(mean); count > 0; count--) planned.push({ index: planned.length, categoryCode, pace, submittedAt: officeTimeOn(date, random), yearShare });
    }
  });
  return planned;
}

/**
 * Seeds the complaints of the demo year and their satisfaction surveys through ComplaintsService and
 * SurveysService, each command with the clock of its moment. Once: the last planned complaint is the marker.
 */
export async function seedComplaintsHistory(app: INestApplicationContext, options: SeedHistoryOptions): Promise<SeedHistoryReport> {
  const complaints = app.get(ComplaintsService);
  const surveys = app.get(SurveysService);
  const planned = planComplaints(options);
  const ids = planned.map((plan) => new DemoRandom(options.seed, 'complaint', plan.index).uuid());
  const last = ids.at(-1);
  if (last === undefined || (await complaints.exists(last))) return { alreadySeeded: true, counts: {} };
  const tally: Tally = { complaints: 0, commands: 0, archived: 0, rerouted: 0, resolved: 0, reopened: 0, confirmed: 0, autoClosed: 0, overdue: 0, surveys: 0, pending: 0 };
  const end = jakartaInstant(options.until, 0);
  const calendar = indonesianCalendar();
  await inPool(planned, CONCURRENCY, async (plan, index) => {
    // Resumes a seed stopped half way: a complaint already there is left as it is.
    if (await complaints.exists(ids[index])) return;
    await new ComplaintStory({ complaints, surveys }, calendar, new DemoRandom(options.seed, 'complaint-story', plan.index), plan, ids[index], end, tally).tell();
  });
  return { alreadySeeded: false, counts: tally };
}

type Sender = 'portal' | 'desk' | 'agency' | 'watcher';

/** One report's life, told command by command; it stops where the history ends. */
class ComplaintStory {
  private state?: Complaint;
  private now: string;
  private trackingCode = '';

  constructor(
    private readonly services: { complaints: ComplaintsService; surveys: SurveysService },
    private readonly calendar: WorkingDayCalendar,
    private readonly random: DemoRandom,
    private readonly plan: Planned,
    private readonly complaintId: string,
    private readonly end: string,
    private readonly tally: Tally,
  ) {
    this.now = plan.submittedAt;
  }

  async tell(): Promise<void> {
    await this.submit();
    if (this.random.chance(0.05)) {
      if (await this.send('desk', this.random.int(0, 2), { type: 'ArchiveComplaint', data: { complaintId: this.complaintId, reason: 'invalid', note: 'Laporan tidak memuat informasi yang dapat ditindaklanjuti', duplicateOf: null } })) this.tally.archived++;
      return;
    }
    // The desk verifies within its 3 working days, now and then late.
    if (!(await this.send('desk', this.random.chance(0.1) ? this.random.int(4, 6) : this.random.int(0, 2), { type: 'VerifyComplaint', data: { complaintId: this.complaintId } }))) return;
    if (this.random.chance(this.plan.pace.declines) && !(await this.reroute())) return;
    if (!(await this.send('agency', this.random.int(0, 2), { type: 'AcceptComplaint', data: { complaintId: this.complaintId } }))) return;
    if (this.random.chance(0.2) && !(await this.send('agency', this.random.int(1, 3), { type: 'PostPublicUpdate', data: { complaintId: this.complaintId, message: 'Laporan sedang ditindaklanjuti oleh petugas lapangan' } }))) return;
    if (!(await this.resolve())) return;
    if (this.random.chance(0.1)) {
      if (!(await this.send('portal', this.random.int(1, 4), { type: 'DisputeResolution', data: { complaintId: this.complaintId, reason: 'Masalah belum selesai di lapangan' } }))) return;
      this.tally.reopened++;
      if (!(await this.resolve())) return;
    }
    await this.close();
  }

  private async submit(): Promise<void> {
    const { categoryCode, pace } = this.plan;
    this.trackingCode = `LPR-${this.random.code(TRACKING_ALPHABET, 10)}`;
    const anonymous = this.random.chance(0.15);
    await this.run('portal', this.now, {
      type: 'SubmitComplaint',
      data: {
        complaintId: this.complaintId,
        trackingCode: this.trackingCode,
        intakeType: this.random.pick(INTAKE_TYPES),
        channel: this.random.pick(CHANNELS),
        categoryCode,
        title: `${pace.title} di ${this.random.pick(['Jl. Sudirman', 'Jl. Demang Lebar Daun', 'Jl. Veteran', 'Jl. Ahmad Yani', 'Jl. Kapten A. Rivai', 'Jl. Angkatan 45', 'Jl. Basuki Rahmat'])}`,
        description: `${pace.title}; mohon segera ditindaklanjuti.`,
        location: { latitude: -2.99 + this.random.next() * 0.08 - 0.04, longitude: 104.76 + this.random.next() * 0.1 - 0.05 },
        address: null,
        reporter: { reporterId: `warga-${this.random.code('0123456789abcdef', 12)}`, name: this.random.pick(['Ahmad', 'Siti', 'Rizky', 'Putri', 'Hendra', 'Rina', 'Fajar', 'Ayu']), nik: null, phone: null, email: null },
        anonymous,
      },
    });
    this.tally.complaints++;
  }

  /** The agency says it is not its matter; the desk routes the report to one whose it is. */
  private async reroute(): Promise<boolean> {
    if (!(await this.send('agency', this.random.int(0, 2), { type: 'DeclineAuthority', data: { complaintId: this.complaintId, reason: 'Lokasi berada di luar kewenangan kami' } }))) return false;
    const declinedBy = this.state?.status === 'awaiting-reroute' ? this.state.declinedBy : undefined;
    const agencyId = this.random.pick(this.plan.pace.reroutedTo.filter((agency) => agency !== declinedBy));
    if (!(await this.send('desk', this.random.int(0, 2), { type: 'RerouteComplaint', data: { complaintId: this.complaintId, agencyId } }))) return false;
    this.tally.rerouted++;
    return true;
  }

  /** A share of the follow-up period, larger as the agency falls behind over the year. */
  private async resolve(): Promise<boolean> {
    const { pace, yearShare } = this.plan;
    const followUpDays = this.state && 'followUp' in this.state ? this.state.followUp.workingDays : 14;
    const [min, max] = pace.resolveShare;
    const share = (min + this.random.next() * (max - min)) * (1 + (pace.slowdown ?? 0) * yearShare * yearShare);
    const resolved = await this.send('agency', Math.max(1, Math.round(followUpDays * share)), { type: 'ResolveComplaint', data: { complaintId: this.complaintId, response: 'Telah ditindaklanjuti oleh petugas; terima kasih atas laporannya.' } });
    if (resolved) this.tally.resolved++;
    return resolved;
  }

  /** The reporter confirms, or stays silent and the complaint closes by itself; a rating follows now and then. */
  private async close(): Promise<void> {
    if (this.random.chance(0.65)) {
      if (!(await this.send('portal', this.random.int(0, 3), { type: 'ConfirmResolution', data: { complaintId: this.complaintId } }))) return;
      this.tally.confirmed++;
    } else if (!(await this.waitForAutoClose())) return;
    if (!this.random.chance(0.45)) return;
    const at = officeTimeAfter(this.calendar, this.random, this.now, this.random.int(0, 3));
    if (isAfter(at, this.end)) return;
    const mean = this.plan.pace.satisfaction;
    const score = () => Math.min(4, Math.max(1, Math.round(mean + (this.random.next() - 0.5) * 2)));
    const scores = Object.fromEntries(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'].map((code) => [code, score()]));
    await this.services.surveys.submit({ surveyId: this.random.uuid(), trackingCode: this.trackingCode, scores }, this.context('portal', at));
    this.tally.surveys++;
  }

  private async waitForAutoClose(): Promise<boolean> {
    const state = this.state;
    if (state?.status !== 'resolved' || state.autoClose.provisional) return false;
    const at = afterDeadline(state.autoClose.deadline);
    if (isAfter(at, this.end)) return false;
    await this.run('watcher', at, { type: 'CheckDeadlines', data: { complaintId: this.complaintId } });
    if (this.state?.status !== 'closed') return false;
    this.tally.autoClosed++;
    return true;
  }

  /**
   * Sends the command `workingDays` after the last one unless that is past the history's end. A deadline
   * passed before it is found first by the deadline check, on the night after it, as the watcher would.
   */
  private async send(sender: Sender, workingDays: number, request: ComplaintRequest): Promise<boolean> {
    const at = officeTimeAfter(this.calendar, this.random, this.now, workingDays);
    await this.checkDeadlinesBefore(isAfter(at, this.end) ? this.end : at);
    if (isAfter(at, this.end)) {
      this.tally.pending++;
      return false;
    }
    await this.run(sender, at, request);
    return true;
  }

  private async checkDeadlinesBefore(moment: string): Promise<void> {
    const clock = runningDeadline(this.state);
    if (!clock || clock.provisional || clock.escalated) return;
    const at = afterDeadline(clock.deadline);
    if (!isAfter(moment, at)) return;
    await this.run('watcher', at, { type: 'CheckDeadlines', data: { complaintId: this.complaintId } });
    this.tally.overdue++;
  }

  private async run(sender: Sender, now: string, request: ComplaintRequest): Promise<void> {
    const { complaint } = await this.services.complaints.execute(request, this.context(sender, now));
    this.state = complaint;
    this.now = now;
    this.tally.commands++;
  }

  private context(sender: Sender, now: string): CommandContext {
    const correlationId = this.random.uuid();
    switch (sender) {
      case 'portal':
        return { ...PORTAL, allAgencies: true, correlationId, now };
      case 'desk':
        return { actor: 'desk-demo-history', agencyId: COMPLAINTS_DESK_AGENCY, correlationId, now };
      case 'agency':
        return { actor: `${this.agencyResponsible()}-demo-history`, agencyId: this.agencyResponsible(), correlationId, now };
      case 'watcher':
        return { actor: 'deadline-watcher', agencyId: COMPLAINTS_DESK_AGENCY, correlationId, now };
    }
  }

  private agencyResponsible(): string {
    return this.state && this.state.status !== 'absent' ? this.state.agencyId : COMPLAINTS_DESK_AGENCY;
  }
}

/** The deadline watcher's sweep on the night after a deadline. */
function afterDeadline(deadline: string): string {
  return new Date(Date.parse(deadline) + 15 * 60_000).toISOString();
}

/** The deadline the complaint is waiting on, if any: verification while the desk holds it, follow-up while an agency does. */
function runningDeadline(state: Complaint | undefined): { deadline: string; provisional: boolean; escalated: boolean } | undefined {
  switch (state?.status) {
    case 'received':
    case 'awaiting-reroute':
      return state.verification;
    case 'routed':
    case 'in-progress':
      return state.followUp;
    default:
      return undefined;
  }
}
