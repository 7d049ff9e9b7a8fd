import { Logger } from '@nestjs/common';
import {
  CalendarDeadline,
  CalendarYearBasis,
  Clock,
  DeadlineCalendar,
  LocalDate,
  toJakartaDate,
  WorkingDayCalendar,
} from '@palembang/working-days';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { describeError } from '../logging';
import { platformMetrics } from '../metrics';
import { CalendarCopyRow, calendarOfCopy, loadCalendarCopy, markCalendarReconciled } from './calendar-copy';

/** Recomputes a service's running deadlines after a calendar change. */
export type DeadlineRecalculator = Readonly<{
  name: string;
  /** Ids of the records with a running clock that is provisional or ends on or after `changedFrom`. */
  candidates: (changedFrom: LocalDate) => Promise<readonly string[]>;
  /** Sends the record its recalculation; the decider records a change once, and nothing when nothing moved. */
  recalculate: (id: string, now: string) => Promise<void>;
}>;

export type LiveCalendarOptions = Readonly<{
  clock: Clock;
  /** How often the copy is re-read (other instances may have recorded a change); 0: only on `refresh()`. */
  refreshMs: number;
  /**
   * How long after a change the recalculation keeps re-running before it counts as done:
   * long enough for every instance to have re-read the copy and for any command decided
   * on the old calendar to have committed.
   */
  settleMs: number;
  /** Month and day (MM-DD) from which a missing next-year calendar is reported. */
  nextYearAlertFrom: string;
  /** Real time for the settling (the deciding clock may be shifted in tests and drills); Date.now by default. */
  wallClock?: () => number;
}>;

/**
 * The working-day calendar a service decides with, built from its copy of the
 * published decrees (the 2026 decree counts until the copy holds its events).
 * Re-read periodically; after a change, every registered recalculator revisits the
 * running deadlines the change may move, until the change has settled, and then
 * records the year as reconciled, so a crash midway is resumed on the next start.
 */
export class LiveWorkingDayCalendar implements DeadlineCalendar {
  private readonly logger = new Logger('WorkingDayCalendar');
  private current: WorkingDayCalendar = calendarOfCopy([]);
  private rows: readonly CalendarCopyRow[] = [];
  private digest = '';
  private readonly recalculators: DeadlineRecalculator[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastAlertDay?: string;

  constructor(private readonly dataSource: DataSource, private readonly options: LiveCalendarOptions) {
    const nextYearMissing = () => this.nextYearMissing();
    const registry = platformMetrics().registry;
    // One gauge per process: a second instance (tests start several applications in one process) takes it over.
    registry.removeSingleMetric('working_day_calendar_next_year_missing');
    new Gauge({
      name: 'working_day_calendar_next_year_missing',
      help: `1 from ${options.nextYearAlertFrom} (Jakarta) while next year's working-day calendar is not published; deadlines in it are provisional`,
      registers: [registry],
      collect() {
        this.set(nextYearMissing() ? 1 : 0);
      },
    });
  }

  register(recalculator: DeadlineRecalculator): void {
    this.recalculators.push(recalculator);
  }

  async start(): Promise<void> {
    await this.refresh().catch((error: unknown) => this.logger.warn(`calendar not read yet, using the last known: ${describeError(error)}`));
    if (this.options.refreshMs <= 0) return;
    this.timer = setInterval(() => void this.refresh().catch((error: unknown) => this.logger.warn(`calendar refresh failed: ${describeError(error)}`)), this.options.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Re-reads the copy, swaps the calendar when it changed and recalculates what is not reconciled yet. */
  refresh(): Promise<void> {
    this.running ??= this.refreshOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  /** The published years as the service knows them. */
  publishedYears(): readonly CalendarCopyRow[] {
    return this.rows;
  }

  nextYearMissing(): boolean {
    const today = toJakartaDate(this.options.clock());
    const year = Number(today.slice(0, 4));
    return today.slice(5) >= this.options.nextYearAlertFrom && !this.current.isPublished(year + 1);
  }

  addWorkingDays(start: string, days: number): string {
    return this.current.addWorkingDays(start, days);
  }
  workingDaysBetween(start: string, end: string): number {
    return this.current.workingDaysBetween(start, end);
  }
  deadlineOf(start: string, days: number): CalendarDeadline {
    return this.current.deadlineOf(start, days);
  }
  isPublished(year: number): boolean {
    return this.current.isPublished(year);
  }
  basisOf(year: number): CalendarYearBasis | undefined {
    return this.current.basisOf(year);
  }
  yearsBetween(start: string, end: string): number[] {
    return this.current.yearsBetween(start, end);
  }
  /** The calendar as it stands now, for reads that need more than the deciders do. */
  snapshot(): WorkingDayCalendar {
    return this.current;
  }

  private async refreshOnce(): Promise<void> {
    const rows = await loadCalendarCopy(this.dataSource.manager);
    const digest = JSON.stringify(rows.map((row) => [row.year, row.version]));
    if (digest !== this.digest) {
      this.current = calendarOfCopy(rows);
      this.rows = rows;
      if (this.digest !== '') this.logger.log(`calendar changed: ${rows.map((row) => `${row.year} v${row.version}`).join(', ')}`);
      this.digest = digest;
    }
    await this.recalculatePending(rows);
    this.alertWhenNextYearMissing();
  }

  private async recalculatePending(rows: readonly CalendarCopyRow[]): Promise<void> {
    const pending = rows.filter((row) => row.reconciledVersion < row.version);
    if (pending.length === 0 || this.recalculators.length === 0) return;
    const now = this.options.clock();
    const changedFrom = pending.map((row) => row.changedFrom).sort()[0];
    for (const recalculator of this.recalculators) await this.recalculateWith(recalculator, changedFrom, now);
    for (const row of pending) {
      const settled = (this.options.wallClock ?? Date.now)() - Date.parse(row.updatedAt) >= this.options.settleMs;
      if (settled) await markCalendarReconciled(this.dataSource.manager, row.year, row.version);
    }
  }

  private async recalculateWith(recalculator: DeadlineRecalculator, changedFrom: LocalDate, now: string): Promise<void> {
    const ids = await recalculator.candidates(changedFrom);
    let failed = 0;
    for (const id of ids) {
      try {
        await recalculator.recalculate(id, now);
      } catch (error) {
        failed++;
        if (failed === 1) this.logger.warn(`${recalculator.name}: recalculating ${id} failed (retried on the next pass): ${describeError(error)}`);
      }
    }
    if (failed > 0) throw new Error(`${recalculator.name}: ${failed} of ${ids.length} deadlines not recalculated yet`);
  }

  private alertWhenNextYearMissing(): void {
    const today = toJakartaDate(this.options.clock());
    if (!this.nextYearMissing() || this.lastAlertDay === today) return;
    this.lastAlertDay = today;
    const next = Number(today.slice(0, 4)) + 1;
    this.logger.warn(`the working-day calendar of ${next} is not published: deadlines reaching into ${next} are provisional and no deemed approval or escalation fires on them; publish the decree with PUT /v1/calendar/${next}`);
  }
}
