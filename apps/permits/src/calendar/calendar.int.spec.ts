import { createHttpAdapter } from '@palembang/http';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PostgresEventStore } from '@palembang/events';
import { ConcurrencyError } from '@palembang/events/core';
import { createServiceDatabase } from '@palembang/platform/testing';
import { calendarYearStreamId, INDONESIA_CALENDAR_2026 } from '@palembang/working-days';
import { randomBytes } from 'node:crypto';
import { PERMITS_CLOCK } from '../permit-applications/deadline-watcher';
import { PermitsModule } from '../permits.module';
import { CalendarSeed } from './calendar-seed';
import { CommandContext } from '@palembang/platform';
import { CalendarService } from './calendar.service';

const NOW = '2026-12-07T09:00:00+07:00';
const operator: CommandContext = { actor: 'calendar-operator', agencyId: 'diskominfo', correlationId: 'corr-calendar', now: NOW };

function addition(reference: string, date: string) {
  return { year: 2099, amendment: { reference, date: '2026-12-01' }, reason: `Cuti bersama tambahan (${reference})`, add: [{ date, kind: 'collective-leave' as const, name: 'Cuti bersama' }], remove: [] };
}

/**
 * Two permits instances on one database (real PostgreSQL and Kafka): the seed and concurrent changes of one year.
 * The year changed is far ahead: calendar events travel on permits.events, which every test's calendar copy on the
 * shared broker follows, and other tests count on next year being unpublished.
 */
describe('the working-day calendar streams (real PostgreSQL and Kafka)', () => {
  const apps: INestApplication[] = [];
  let first: CalendarService;
  let second: CalendarService;
  let store: PostgresEventStore;

  async function startInstance(databaseUrl: string): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [PermitsModule.forConfig({ serviceName: 'permits', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
    })
      .overrideProvider(PERMITS_CLOCK)
      .useValue(() => NOW)
      .compile();
    const app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    apps.push(app);
    await app.init();
    return app;
  }

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY = randomBytes(32).toString('base64');
    process.env.DEADLINE_CHECK_INTERVAL_MS = '0';
    process.env.CALENDAR_REFRESH_MS = '0';
    process.env.GATEWAY_URL ??= 'http://127.0.0.1:9';
    const databaseUrl = await createServiceDatabase('permits');
    await startInstance(databaseUrl); // migrates; the two below start together on a migrated database
    const [a, b] = await Promise.all([startInstance(databaseUrl), startInstance(databaseUrl)]);
    first = a.get(CalendarService);
    second = b.get(CalendarService);
    store = a.get(PostgresEventStore);
    await first.publish({ year: 2099, decree: { reference: 'SKB 2099', date: '2026-09-15' }, nationalHolidays: [{ date: '2099-08-17', name: 'Hari Proklamasi Kemerdekaan RI' }], collectiveLeave: [] }, operator);
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('publishes the 2026 seed once, however many instances start', async () => {
    const seeded = async () => (await store.readStream(calendarYearStreamId(2026))).map((event) => [event.type, event.actor]);
    expect(await seeded()).toEqual([['CalendarYearPublished', 'seed']]);
    expect((await first.get(2026)).decree).toEqual(INDONESIA_CALENDAR_2026.decree);
    // An instance that saw no stream yet, while another published it: its append conflicts, and that is fine.
    jest.spyOn(store, 'streamVersion').mockResolvedValueOnce(0);
    await expect(apps[1].get(CalendarSeed).onApplicationBootstrap()).resolves.toBeUndefined();
    expect(await seeded()).toEqual([['CalendarYearPublished', 'seed']]);
  });

  /** Holds the first instance's next read of a stream until `release` resolves: the other instance commits meanwhile. */
  function holdNextRead(release: Promise<unknown>): void {
    const read = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementationOnce(async (...args) => {
      const events = await read(...args);
      await release;
      return events;
    });
  }

  it('decides an amendment that lost the race again on the fresh stream, so both land once', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    holdNextRead(released);
    const late = first.amend(addition('SKB perubahan A', '2099-08-18'), operator);
    const early = await second.amend(addition('SKB perubahan B', '2099-12-28'), { ...operator, correlationId: 'corr-b' });
    expect(early.version).toBe(2);
    release();
    const landed = await late;
    expect(landed.version).toBe(3);
    expect(landed.amendments.map((amendment) => [amendment.reference, amendment.by, amendment.correlationId])).toEqual([
      ['SKB perubahan B', 'calendar-operator', 'corr-b'],
      ['SKB perubahan A', 'calendar-operator', 'corr-calendar'],
    ]);
  });

  it('does not retry a change made with If-Match: the caller saw another version', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    holdNextRead(released);
    const late = first.amend(addition('SKB perubahan C', '2099-12-29'), { ...operator, expectedVersion: 3 });
    await second.amend(addition('SKB perubahan D', '2099-12-30'), operator);
    release();
    await expect(late).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await first.get(2099)).amendments.map((amendment) => amendment.reference)).toEqual(['SKB perubahan B', 'SKB perubahan A', 'SKB perubahan D']);
  });
});
