import { INestApplicationContext } from '@nestjs/common';
import { AuthPrincipal } from '@palembang/auth';
import { PALEMBANG_AGENCIES } from '@palembang/events/core';
import { CommandContext, DemoRandom, historyDays, inPool, jakartaInstant, SeedHistoryOptions, SeedHistoryReport } from '@palembang/platform';
import { CreateProgramDto } from '@palembang/training-api';
import { addCalendarDays, indonesianCalendar, LocalDate } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { CivilServantsService } from '../civil-servants/civil-servants.service';
import { CohortsService } from '../cohorts/cohorts.service';
import { ProgramsService } from '../programs/programs.service';
import { programIdWithCode } from '../programs/programs-view';

const BKPSDM = 'bkpsdm';
const PRINCIPAL: AuthPrincipal = { clientId: 'bkpsdm-demo-history', agencyId: BKPSDM, scopes: ['training:read', 'training:write'] };

/** BKPSDM's curriculum of the demo year (JP of 45 minutes). */
const PROGRAMS: readonly CreateProgramDto[] = [
  { code: 'PELAYANAN-PRIMA-R', title: 'Pelayanan Prima bagi Petugas Loket', competencyArea: 'socio-cultural', jp: 16, deliveryMode: 'classroom', provider: { kind: 'agency', id: BKPSDM } },
  { code: 'LAYANAN-DIGITAL-R', title: 'Layanan Publik Digital dan Pelindungan Data', competencyArea: 'digital-services', jp: 24, deliveryMode: 'blended', provider: { kind: 'agency', id: BKPSDM } },
  { code: 'SKM-IKM-R', title: 'Survei Kepuasan Masyarakat dan Indeks Kepuasan', competencyArea: 'technical', jp: 12, deliveryMode: 'classroom', provider: { kind: 'agency', id: BKPSDM } },
  { code: 'PENGADUAN-R', title: 'Pengelolaan Pengaduan SP4N-LAPOR!', competencyArea: 'technical', jp: 16, deliveryMode: 'classroom', provider: { kind: 'agency', id: BKPSDM } },
  { code: 'PERIZINAN-RBA-R', title: 'Perizinan Berbasis Risiko dan Standar Pelayanan', competencyArea: 'technical', jp: 24, deliveryMode: 'blended', provider: { kind: 'agency', id: 'dpmptsp' } },
  { code: 'KEPEMIMPINAN-R', title: 'Kepemimpinan Pelayanan bagi Pengawas', competencyArea: 'managerial', jp: 32, deliveryMode: 'classroom', provider: { kind: 'agency', id: BKPSDM } },
] as CreateProgramDto[];

/** Created once the year is seeded: next year's program, and the seed's marker. */
const NEXT_YEAR_PROGRAM = { code: 'RENCANA-TAHUN-DEPAN-R', title: 'Orientasi Rencana Pengembangan Kompetensi Tahun Depan', competencyArea: 'managerial', jp: 8, deliveryMode: 'e-learning', provider: { kind: 'agency', id: BKPSDM } } as CreateProgramDto;

const CONCURRENCY = 8;

type Servant = Readonly<{ nip: string; name: string; agencyId: string; engagement: number; registeredOn: LocalDate }>;
type PlannedCohort = Readonly<{ index: number; program: number; scheduledOn: LocalDate; sessions: readonly LocalDate[]; capacity: number }>;
type Tally = Record<'programs' | 'civilServants' | 'cohorts' | 'enrolments' | 'withdrawals' | 'attendance' | 'passed' | 'failed' | 'commands', number>;

/** Every registered agency's civil servants, each agency with its own zeal for training. */
export function planCivilServants(options: SeedHistoryOptions): Servant[] {
  const random = new DemoRandom(options.seed, 'civil-servants');
  const first = historyDays(options)[0];
  const taken = new Set<string>();
  return PALEMBANG_AGENCIES.flatMap(({ agencyId }) => {
    const engagement = agencyId === BKPSDM || agencyId === 'dinas-kominfo' ? 0.9 : 0.15 + random.next() * 0.7;
    return Array.from({ length: Math.max(1, Math.round(random.int(3, 7) * options.scale)) }, () => {
      let nip: string;
      do nip = nipOf(random);
      while (taken.has(nip));
      taken.add(nip);
      return { nip, name: `${random.pick(['Ahmad', 'Siti', 'Rudi', 'Dewi', 'Yusuf', 'Maya', 'Hendra', 'Rina', 'Fajar', 'Ayu'])} ${random.pick(['Saputra', 'Lestari', 'Hartono', 'Puspita', 'Hamdani', 'Fauzi', 'Wulandari'])}`, agencyId, engagement, registeredOn: addCalendarDays(first, random.int(0, 5)) };
    });
  });
}

/** Three cohorts a month (at scale 1), each scheduled three weeks ahead and held on consecutive working days. */
export function planCohorts(options: SeedHistoryOptions): PlannedCohort[] {
  const random = new DemoRandom(options.seed, 'cohorts');
  const calendar = indonesianCalendar();
  const days = historyDays(options);
  const planned: PlannedCohort[] = [];
  for (let month = 0; month * 30 + 10 < days.length; month++) {
    for (let count = Math.max(1, Math.round(3 * options.scale)); count > 0; count--) {
      const program = random.int(0, PROGRAMS.length - 1);
      const scheduledOn = days[Math.min(days.length - 1, month * 30 + random.int(6, 20))];
      const start = calendar.workingDayAfter(addCalendarDays(scheduledOn, random.int(14, 24)), 1);
      const sessions = Array.from({ length: Math.min(3, Math.ceil(PROGRAMS[program].jp / 8)) }, (_, index) => calendar.workingDayAfter(start, index));
      planned.push({ index: planned.length, program, scheduledOn, sessions, capacity: random.pick([25, 30, 30, 40]) });
    }
  }
  return planned;
}

/**
 * Seeds the training year through ProgramsService, CivilServantsService and CohortsService, each command
 * with the clock of its moment: the curriculum, every agency's civil servants, cohorts with enrolment,
 * withdrawals, attendance and results (a pass credits the program's JP). Once: next year's program,
 * created last, is the marker; a seed stopped half way keeps its programs and civil servants and
 * schedules its cohorts again.
 */
export async function seedTrainingHistory(app: INestApplicationContext, options: SeedHistoryOptions): Promise<SeedHistoryReport> {
  const programs = app.get(ProgramsService);
  const dataSource = app.get(DataSource);
  if ((await programIdWithCode(dataSource.manager, NEXT_YEAR_PROGRAM.code)) !== undefined) return { alreadySeeded: true, counts: {} };
  const tally: Tally = { programs: 0, civilServants: 0, cohorts: 0, enrolments: 0, withdrawals: 0, attendance: 0, passed: 0, failed: 0, commands: 0 };
  const random = new DemoRandom(options.seed, 'training');
  const days = historyDays(options);
  const programIds: string[] = [];
  for (const program of PROGRAMS) {
    const existing = await programIdWithCode(dataSource.manager, program.code);
    programIds.push(existing ?? (await programs.create(program, contextAt(jakartaInstant(days[0], 8 * 60 + programIds.length), random))).programId);
    if (!existing) tally.programs++;
    if (!existing) tally.commands++;
  }
  const servants = planCivilServants(options);
  const civilServants = app.get(CivilServantsService);
  await inPool(servants, CONCURRENCY, async (servant) => {
    if (await civilServants.find(servant.nip)) return;
    await civilServants.register(servant.nip, servant.name, servant.agencyId, contextAt(jakartaInstant(servant.registeredOn, 9 * 60), random.fork(servant.nip)));
    tally.civilServants++;
    tally.commands++;
  });
  const end = jakartaInstant(options.until, 0);
  const cohorts = app.get(CohortsService);
  await inPool(planCohorts(options), CONCURRENCY, (planned) => new CohortStory(cohorts, programs, new DemoRandom(options.seed, 'cohort', planned.index), planned, programIds, servants, end, tally).tell());
  await programs.create(NEXT_YEAR_PROGRAM, contextAt(jakartaInstant(addCalendarDays(options.until, -1), 15 * 60), random));
  tally.programs++;
  tally.commands++;
  return { alreadySeeded: false, counts: tally };
}

/** One cohort: scheduled, filled, held and closed with results, as far as the history reaches. */
class CohortStory {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly programs: ProgramsService,
    private readonly random: DemoRandom,
    private readonly planned: PlannedCohort,
    private readonly programIds: readonly string[],
    private readonly servants: readonly Servant[],
    private readonly end: string,
    private readonly tally: Tally,
  ) {}

  async tell(): Promise<void> {
    const { planned, random } = this;
    const scheduledAt = jakartaInstant(planned.scheduledOn, 10 * 60);
    if (!this.before(scheduledAt)) return;
    const { program } = await this.programs.get(this.programIds[planned.program]);
    const sessions = planned.sessions.map((date, index) => ({ sessionId: `hari-${index + 1}`, date }));
    const { cohort } = await this.cohorts.schedule(program, { startsOn: sessions[0].date, endsOn: sessions.at(-1)!.date, capacity: planned.capacity, sessions }, contextAt(scheduledAt, random));
    this.count('cohorts');
    const participants = this.servants.filter((servant) => random.chance(servant.engagement * 0.12)).slice(0, planned.capacity);
    const enrolled: string[] = [];
    for (const [index, servant] of participants.entries()) {
      const at = jakartaInstant(addCalendarDays(planned.scheduledOn, 1 + Math.floor((index * 10) / participants.length)), 9 * 60 + index);
      if (!this.before(at)) return;
      await this.cohorts.enrol(cohort.cohortId, { nip: servant.nip }, contextAt(at, random), PRINCIPAL);
      this.count('enrolments');
      enrolled.push(servant.nip);
    }
    // A few withdraw the day before the start.
    const attending: string[] = [];
    for (const nip of enrolled) {
      if (!random.chance(0.05)) {
        attending.push(nip);
        continue;
      }
      const at = jakartaInstant(addCalendarDays(planned.sessions[0], -1), 11 * 60);
      if (!this.before(at)) return;
      await this.cohorts.withdraw(cohort.cohortId, nip, 'Tugas kedinasan bersamaan', contextAt(at, random));
      this.count('withdrawals');
    }
    const presence = new Map(attending.map((nip) => [nip, 0]));
    for (const session of sessions) {
      const at = jakartaInstant(session.date, 16 * 60);
      if (!this.before(at)) return;
      const present = attending.filter(() => random.chance(0.93));
      await this.cohorts.recordAttendance(cohort.cohortId, { sessionId: session.sessionId, presentNips: present }, contextAt(at, random));
      this.count('attendance');
      for (const nip of present) presence.set(nip, (presence.get(nip) ?? 0) + 1);
    }
    const year = sessions[0].date.slice(0, 4);
    for (const [index, nip] of attending.entries()) {
      const at = jakartaInstant(sessions.at(-1)!.date, 16 * 60 + 30 + index);
      if (!this.before(at)) return;
      const passed = (presence.get(nip) ?? 0) >= sessions.length - 1 && random.chance(0.92);
      const score = passed ? random.int(70, 98) : random.int(40, 69);
      const certificateNumber = passed ? `BKPSDM/${program.code}/${year}/${String(planned.index + 1).padStart(3, '0')}-${String(index + 1).padStart(2, '0')}` : null;
      await this.cohorts.complete(cohort.cohortId, { nip, score, passed, certificateNumber }, contextAt(at, random));
      this.count(passed ? 'passed' : 'failed');
    }
  }

  private before(at: string): boolean {
    return at < this.end;
  }

  private count(what: keyof Tally): void {
    this.tally[what]++;
    this.tally.commands++;
  }
}

function contextAt(now: string, random: DemoRandom): CommandContext {
  return { actor: PRINCIPAL.clientId, agencyId: BKPSDM, correlationId: random.uuid(), now };
}

/** A valid NIP: birth date, appointment at 22-30 years of age (no later than 2024), gender, serial. */
function nipOf(random: DemoRandom): string {
  const birthYear = random.int(1968, 1998);
  const birth = `${birthYear}${String(random.int(1, 12)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}`;
  const appointed = `${Math.min(2024, birthYear + random.int(22, 30))}${String(random.int(1, 12)).padStart(2, '0')}`;
  return `${birth}${appointed}${random.int(1, 2)}${String(random.int(1, 999)).padStart(3, '0')}`;
}
