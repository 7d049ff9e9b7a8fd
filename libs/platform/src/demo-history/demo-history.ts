import { DynamicModule, INestApplicationContext, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LiveWorkingDayCalendar } from '../calendar/live-calendar';
import { DEFAULT_CALENDAR_SETTINGS, ServiceConfig } from '../service-config';
import { HTTP_IDEMPOTENCY_MIGRATIONS } from '@palembang/http';
import { serviceMigrationsOf } from '../migrations';
import { PlatformModule } from '../platform.module';
import { NestFactory } from '@nestjs/core';
import { addCalendarDays, jakartaDateOf, LocalDate, systemClock } from '@palembang/working-days';
import { describeError, ServiceLogger } from '../logging';

/**
 * The demo year every service seeds through its own command path (issue 18 point 5):
 * what the seed-history commands share. The activity is drawn from a seeded generator,
 * so the same seed and the same last day give the same year.
 */
export type SeedHistoryOptions = Readonly<{
  seed: number;
  /** The first day after the history (Jakarta): nothing is seeded on or after it. */
  until: LocalDate;
  /** How many calendar days the history covers, ending the day before `until`. */
  days: number;
  /** Multiplies every volume (1: the demo year; tests seed a fraction of it). */
  scale: number;
}>;

export type SeedHistoryReport = Readonly<{ alreadySeeded: boolean; counts: Readonly<Record<string, number>> }>;

export const DEFAULT_SEED_HISTORY: Omit<SeedHistoryOptions, 'until'> = { seed: 2026, days: 365, scale: 1 };

/** `--seed=N --until=YYYY-MM-DD --days=N --scale=X`, each optional; `until` defaults to today in Jakarta. */
export function readSeedHistoryArgs(args: readonly string[], now: string = new Date().toISOString()): SeedHistoryOptions {
  const given = new Map<string, string>();
  for (const arg of args) {
    const match = /^--(seed|until|days|scale)=(.+)$/.exec(arg);
    if (!match) throw new RangeError(`unknown argument "${arg}"; usage: seed-history [--seed=N] [--until=YYYY-MM-DD] [--days=N] [--scale=X]`);
    given.set(match[1], match[2]);
  }
  const number = (name: string, fallback: number, valid: (value: number) => boolean) => {
    const text = given.get(name);
    const value = text === undefined ? fallback : Number(text);
    if (!valid(value)) throw new RangeError(`--${name} must be ${name === 'scale' ? 'a number above 0 and at most 10' : 'a whole number in range'}, got ${text}`);
    return value;
  };
  const until = given.get('until') ?? jakartaDateOf(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) throw new RangeError(`--until must be a date YYYY-MM-DD, got ${until}`);
  return {
    seed: number('seed', DEFAULT_SEED_HISTORY.seed, (value) => Number.isSafeInteger(value) && value >= 0),
    until,
    days: number('days', DEFAULT_SEED_HISTORY.days, (value) => Number.isInteger(value) && value >= 1 && value <= 3660),
    scale: number('scale', DEFAULT_SEED_HISTORY.scale, (value) => value > 0 && value <= 10),
  };
}

/** The history's days, oldest first. */
export function historyDays(options: Pick<SeedHistoryOptions, 'until' | 'days'>): LocalDate[] {
  return Array.from({ length: options.days }, (_, index) => addCalendarDays(options.until, index - options.days));
}

/** The instant of a Jakarta local date and minute of the day (UTC+7 all year). */
export function jakartaInstant(date: LocalDate, minuteOfDay: number): string {
  return new Date(Date.parse(`${date}T00:00:00+07:00`) + Math.round(minuteOfDay) * 60_000).toISOString();
}

/**
 * A small seeded generator (mulberry32): the demo year must be the same for the same
 * seed, which Math.random cannot give. Each case forks its own, so the order in which
 * cases run (concurrently) changes nothing.
 */
export class DemoRandom {
  private state: number;

  constructor(seed: number, ...labels: ReadonlyArray<string | number>) {
    this.state = labels.reduce<number>((hash, label) => hashOf(`${hash}:${label}`), seed >>> 0);
  }

  fork(...labels: ReadonlyArray<string | number>): DemoRandom {
    return new DemoRandom(this.state, ...labels);
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A count with the given mean (Poisson, by Knuth's method: the means here are small). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    for (let product = this.next(); product > limit; product *= this.next()) count++;
    return count;
  }

  /** A version 4 UUID made of the generator's bits. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16));
    hex[12] = '4';
    hex[16] = ((this.int(0, 15) & 0x3) | 0x8).toString(16);
    const text = hex.join('');
    return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }

  /** `length` characters of `alphabet`. */
  code(alphabet: string, length: number): string {
    return Array.from({ length }, () => alphabet[this.int(0, alphabet.length - 1)]).join('');
  }
}

function hashOf(text: string): number {
  let hash = 2_166_136_261;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 16_777_619);
  return hash >>> 0;
}

/** Runs `work` on every item, at most `concurrency` at a time; the first failure stops taking new items and is thrown. */
export async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * A service's `seed-history` command: builds `module` (the service's command path without its HTTP
 * side, deadline sweeps or consumers), runs `seed`, logs what it recorded and how long it took.
 * Exit 0, also when the history was there already; 1 on a failure, 64 on a bad argument.
 */
export async function runSeedHistory(
  serviceName: string,
  module: DynamicModule,
  args: readonly string[],
  seed: (app: INestApplicationContext, options: SeedHistoryOptions) => Promise<SeedHistoryReport>,
): Promise<number> {
  const logger = new ServiceLogger(serviceName);
  let options: SeedHistoryOptions;
  try {
    options = readSeedHistoryArgs(args);
  } catch (error) {
    // Our own message, naming the argument: the usage, not a stack.
    logger.fatal(error instanceof Error ? error.message : String(error), 'SeedHistory');
    return 64;
  }
  const started = performance.now();
  // Nest's start-up lines would only bury the seed's own in npm start's output.
  const quiet = new ServiceLogger(serviceName);
  quiet.setLogLevels(['warn', 'error', 'fatal']);
  const app = await NestFactory.createApplicationContext(module, { logger: quiet, abortOnError: false });
  try {
    const report = await seed(app, options);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const counts = Object.entries(report.counts).map(([name, count]) => `${count} ${name}`).join(', ');
    logger.log(report.alreadySeeded ? `demo history already seeded (seed ${options.seed}); nothing added` : `demo history seeded in ${seconds} s (seed ${options.seed}, ${options.days} days to ${options.until}, scale ${options.scale}): ${counts}`, 'SeedHistory');
    return 0;
  } catch (error) {
    // A refused command's problem names its code and the rule (no personal data): the seed's plan broke a rule.
    const problem = typeof (error as { getResponse?: unknown }).getResponse === 'function' ? ` ${JSON.stringify((error as { getResponse: () => unknown }).getResponse())}` : '';
    logger.fatal(`seeding the demo history failed: ${describeError(error)}${problem}`, 'SeedHistory');
    return 1;
  } finally {
    await app.close();
  }
}

/** Office hours in Jakarta, as minutes of the day: 08:00 to 16:00. */
const OFFICE_OPENS = 8 * 60;
const OFFICE_CLOSES = 16 * 60;

/** What the demo's timing needs of a working-day calendar. */
export type DemoCalendar = Readonly<{ workingDayAfter(startDateOrInstant: string, days: number): LocalDate; nextWorkingDay(dateOrInstant: string): LocalDate }>;

/**
 * A moment in office hours `workingDays` working days after `instant` (later the same day
 * for 0, or the next working day once the office has closed).
 */
export function officeTimeAfter(calendar: DemoCalendar, random: DemoRandom, instant: string, workingDays: number): string {
  const minuteNow = minuteOfJakartaDay(instant);
  if (workingDays > 0) return jakartaInstant(calendar.workingDayAfter(instant, workingDays), random.int(OFFICE_OPENS, OFFICE_CLOSES));
  const later = Math.max(minuteNow, OFFICE_OPENS) + random.int(5, 120);
  if (later < OFFICE_CLOSES) return jakartaInstant(jakartaDateOf(instant), later);
  return jakartaInstant(calendar.nextWorkingDay(instant), random.int(OFFICE_OPENS, OFFICE_CLOSES));
}

/** A moment in office hours on `date`. */
export function officeTimeOn(date: LocalDate, random: DemoRandom): string {
  return jakartaInstant(date, random.int(OFFICE_OPENS, OFFICE_CLOSES - 30));
}

function minuteOfJakartaDay(instant: string): number {
  const millis = Date.parse(instant) + 7 * 3_600_000;
  return Math.floor((millis % 86_400_000) / 60_000);
}

/**
 * The working-day calendar a seed decides with: the service's, read once from its copy and never
 * followed (no calendar change is expected while a seed runs, and a follower would join a consumer group).
 */
export const SEED_HISTORY_CALENDAR: Provider = {
  provide: LiveWorkingDayCalendar,
  inject: [DataSource],
  useFactory: async (dataSource: DataSource) => {
    const calendar = new LiveWorkingDayCalendar(dataSource, { ...DEFAULT_CALENDAR_SETTINGS, refreshMs: 0, clock: systemClock });
    await calendar.refresh();
    return calendar;
  },
};

/** The service's database with the service's own migrations (PlatformModule adds the shared ones): the seed checks the schema the service does. */
export function seedHistoryPlatformModule(config: ServiceConfig, serviceModule: DynamicModule): DynamicModule {
  const shared: readonly Function[] = HTTP_IDEMPOTENCY_MIGRATIONS;
  return PlatformModule.forService({ config, migrations: serviceMigrationsOf(serviceModule)?.filter((migration) => !shared.includes(migration)) });
}
