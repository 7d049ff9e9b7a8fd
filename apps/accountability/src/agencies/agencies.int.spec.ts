import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PALEMBANG_AGENCIES } from '@palembang/accountability-domain';
import { REGISTER_AGENCY_ID } from '@palembang/accountability-api';
import { ConcurrencyError } from '@palembang/events';
import { decodeCursor, ProblemException, createHttpAdapter } from '@palembang/http';
import { CommandContext } from '@palembang/platform';
import { createServiceDatabase } from '@palembang/platform/testing';
import { DataSource } from 'typeorm';
import { AccountabilityModule } from '../accountability.module';
import { AgenciesService } from './agencies.service';
import { listRegisteredAgencies } from './registered-agencies.query';

const admin = (now = new Date().toISOString()): CommandContext => ({ agencyId: 'pemkot-palembang', allAgencies: true, actor: 'city-admin', correlationId: randomUUID(), now });

async function problemOf(promise: Promise<unknown>): Promise<{ status: number; code?: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    return { status: error.problem.status, code: error.problem.code, field: error.problem.errors?.[0]?.field };
  }
  throw new Error('expected a problem');
}

/** The register on real PostgreSQL (and its outbox to Kafka): seeded at start as events, changed by commands, listed for the metrics. */
describe('the agency register (real PostgreSQL and Kafka, in process)', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let agencies: AgenciesService;
  let databaseUrl: string;

  const createApp = async (): Promise<INestApplication> => {
    const env = { GATEWAY_URL: 'http://127.0.0.1:9', ACCOUNTABILITY_CONSUMER_GROUP: `accountability-int-${randomUUID()}` };
    const moduleRef = await Test.createTestingModule({
      imports: [AccountabilityModule.forConfig({ serviceName: 'accountability', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') }, env)],
    }).compile();
    const created = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    await created.init();
    return created;
  };

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
    databaseUrl = await createServiceDatabase('accountability');
    app = await createApp();
    dataSource = app.get(DataSource);
    agencies = app.get(AgenciesService);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  const registeredEvents = async (): Promise<number> => Number((await dataSource.query(`SELECT count(*) AS n FROM es_events WHERE type = 'AgencyRegistered'`))[0].n);

  it('starts with every Palembang agency registered as a real event, each listed for the metrics with its names and kind', async () => {
    expect(await registeredEvents()).toBe(PALEMBANG_AGENCIES.length);
    const listed = await listRegisteredAgencies(dataSource.manager);
    expect(listed).toEqual([...PALEMBANG_AGENCIES].sort((a, b) => a.agencyId.localeCompare(b.agencyId)).map(({ agencyId, name, shortName, kind }) => ({ agencyId, name, shortName, kind })));
    expect(listed.find((agency) => agency.agencyId === 'dinas-pupr')).toEqual({ agencyId: 'dinas-pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', shortName: 'Dinas PUPR', kind: 'dinas' });
  });

  it('is seeded once: a second replica starting on the same database, and a seed run again, add nothing', async () => {
    const second = await createApp();
    try {
      expect(await second.get(AgenciesService).seed(admin())).toBe(0);
    } finally {
      await second.close();
    }
    expect(await registeredEvents()).toBe(PALEMBANG_AGENCIES.length);
  });

  it('registers, renames and retires an agency through its stream, and a retired one leaves the metrics list but keeps its record', async () => {
    const agencyId = `dinas-uji-${randomUUID().slice(0, 8)}`;
    const registered = await agencies.register({ agencyId, name: 'Dinas Perikanan', shortName: 'Diskan', kind: 'dinas' }, admin());
    expect(registered).toMatchObject({ agencyId, status: 'active', version: 1 });
    expect((await listRegisteredAgencies(dataSource.manager)).find((agency) => agency.agencyId === agencyId)).toEqual({ agencyId, name: 'Dinas Perikanan', shortName: 'Diskan', kind: 'dinas' });

    expect(await agencies.update(agencyId, { name: 'Dinas Perikanan dan Kelautan', shortName: 'DKP Laut' }, admin())).toMatchObject({ name: 'Dinas Perikanan dan Kelautan', shortName: 'DKP Laut', version: 2 });
    expect(await agencies.update(agencyId, { kind: 'dinas' }, admin())).toMatchObject({ version: 2 });
    await expect(agencies.update(agencyId, { name: 'x' }, { ...admin(), expectedVersion: 1 })).rejects.toBeInstanceOf(ConcurrencyError);

    expect(await agencies.retire(agencyId, 'Digabung', admin())).toMatchObject({ status: 'retired', version: 3 });
    expect((await listRegisteredAgencies(dataSource.manager)).map((agency) => agency.agencyId)).not.toContain(agencyId);
    expect(await agencies.get(agencyId)).toMatchObject({ status: 'retired', name: 'Dinas Perikanan dan Kelautan' });
    const page = await agencies.list({ status: 'retired', after: null, limit: 100 });
    expect(page.items.map((agency) => agency.agencyId)).toContain(agencyId);
    const stream = await dataSource.query(`SELECT type FROM es_events WHERE stream_id = $1 ORDER BY stream_version`, [`agency-${agencyId}`]);
    expect(stream.map((row: { type: string }) => row.type)).toEqual(['AgencyRegistered', 'AgencyUpdated', 'AgencyRetired']);
  });

  it('refuses a second registration (409), a bad kind naming the field (400), an unknown agency (404) and a retired one (409)', async () => {
    expect(await problemOf(agencies.register({ agencyId: 'dinas-pupr', name: 'Dinas PUPR', shortName: 'PUPR', kind: 'dinas' }, admin()))).toEqual({ status: 409, code: 'AGENCY.ALREADY_REGISTERED', field: undefined });
    expect(await problemOf(agencies.update('dinas-pupr', { kind: 'kementerian' as never }, admin()))).toEqual({ status: 400, code: 'AGENCY.INVALID_INPUT', field: 'kind' });
    expect(await problemOf(agencies.get('dinas-tidak-ada'))).toMatchObject({ status: 404, code: 'AGENCY.NOT_FOUND' });
    const agencyId = `badan-uji-${randomUUID().slice(0, 8)}`;
    await agencies.register({ agencyId, name: 'Badan Uji', shortName: 'BU', kind: 'badan' }, admin());
    await agencies.retire(agencyId, 'Dibubarkan', admin());
    expect(await problemOf(agencies.update(agencyId, { shortName: 'B' }, admin()))).toMatchObject({ status: 409, code: 'AGENCY.RETIRED' });
  });

  it('pages the register in registration order, a page at a time, and filters by kind', async () => {
    const kecamatan = await agencies.list({ kind: 'kecamatan', after: null, limit: 100 });
    expect(kecamatan.items).toHaveLength(18);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await agencies.list({ after: cursor ? decodeCursor(cursor, REGISTER_AGENCY_ID) : null, limit: 7 });
      seen.push(...page.items.map((agency) => agency.agencyId));
      cursor = page.nextCursor;
    } while (cursor);
    const active = await listRegisteredAgencies(dataSource.manager);
    expect([...seen].sort()).toEqual(active.map((agency) => agency.agencyId));
  });

  it('keeps the register out of the metrics schema, which a projection rebuild replaces', async () => {
    const [table] = await dataSource.query(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'registered_agencies'`);
    expect(table.table_schema).toBe('public');
  });
});
