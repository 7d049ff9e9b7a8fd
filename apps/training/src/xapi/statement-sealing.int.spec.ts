import { createHttpAdapter } from '@palembang/http';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PostgresEventStore } from '@palembang/events';
import { createServiceDatabase } from '@palembang/platform/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServicePerformanceConsumer } from '../recommendations/service-performance.consumer';
import { TrainingModule } from '../training.module';
import { nipOf } from '../testing/training';
import { StatementSealing } from './statement-sealing';
import { XapiStatementsScope1764900000000 } from './xapi-statements-scope.migration';
import { XapiStatementsService } from './xapi.service';

/**
 * A statement stored before the actor was sealed (name and mailbox in clear, the search key the mailbox
 * itself) is sealed once at start-up, stays findable by its agent, and is erased when the person is
 * forgotten; the append-only trigger lets through that one change and nothing else (real PostgreSQL).
 */
describe('statements stored before sealing', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  const reader = { clientId: 'lms-old', agencyId: 'bkpsdm', allAgencies: true, correlationId: randomUUID() };

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
    process.env.GATEWAY_URL ??= 'http://127.0.0.1:9';
    const databaseUrl = await createServiceDatabase('training');
    const moduleRef = await Test.createTestingModule({
      imports: [TrainingModule.forConfig({ serviceName: 'training', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
    })
      .overrideProvider(ServicePerformanceConsumer)
      .useValue({})
      .compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    await app.init();
    dataSource = app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('are sealed once, stay findable by their agent, and are erased when the agent is forgotten', async () => {
    const id = randomUUID();
    const mbox = 'mailto:lama@example.com';
    const statement = {
      id, actor: { objectType: 'Agent', name: 'Peserta Lama', mbox }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
      object: { objectType: 'Activity', id: 'https://lms.palembang.go.id/xapi/activities/lama' }, stored: new Date().toISOString(), timestamp: new Date().toISOString(),
      authority: { objectType: 'Agent', account: { homePage: 'https://api.egov.example.invalid', name: 'lms-old' } }, version: '1.0.0',
    };
    // As the service stored it before: the statement and its search key in clear.
    await dataSource.query(
      `INSERT INTO xapi_statements (statement_id, statement, verb_id, activity_id, actor_ifi, stored, stored_by) VALUES ($1, $2, $3, $4, $5, $6, 'lms-old')`,
      [id, JSON.stringify(statement), statement.verb.id, statement.object.id, `mbox:${mbox}`, statement.stored],
    );
    expect(await app.get(StatementSealing).sealOlderStatements()).toBe(1);
    expect(await app.get(StatementSealing).sealOlderStatements()).toBe(0);
    const [row] = await dataSource.query(`SELECT statement::text AS statement, actor_ifi, sealed FROM xapi_statements WHERE statement_id = $1`, [id]);
    expect(row.sealed).toBe(true);
    expect(JSON.stringify(row)).not.toMatch(/Peserta Lama|lama@example/);

    const service = app.get(XapiStatementsService);
    const found = await service.search({ agent: { mbox }, limit: 10, ascending: false, format: 'exact' } as never, [], reader);
    expect(found.statements.map((held) => [held.id, held.actor])).toEqual([[id, { objectType: 'Agent', name: 'Peserta Lama', mbox }]]);

    await expect(dataSource.query(`UPDATE xapi_statements SET verb_id = 'http://adlnet.gov/expapi/verbs/voided' WHERE statement_id = $1`, [id])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`UPDATE xapi_statements SET sealed = false WHERE statement_id = $1`, [id])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`DELETE FROM xapi_statements WHERE statement_id = $1`, [id])).rejects.toThrow(/immutable/);

    const erased = await app.get(PostgresEventStore).forgetOnRequest(`xapi-agent:mbox:${mbox}`, { clientId: 'admin', agencyId: 'pemkot-palembang', allAgencies: true, at: new Date().toISOString() });
    expect(erased).toEqual(expect.objectContaining({ outcome: 'erased', erasedKeys: 1 }));
    const read = await service.single(id, false, 'exact', [], reader);
    expect(JSON.stringify(read)).not.toMatch(/Peserta Lama|lama@example/);
  }, 60_000);

  it("are a civil servant's case only when an Agent names them: a stored Group naming a NIP is no agency's", async () => {
    const nip = nipOf(641);
    await dataSource.query(`INSERT INTO civil_servants (nip, agency_id, registered_at) VALUES ($1, 'dpmptsp', now())`, [nip]);
    const runner = dataSource.createQueryRunner();
    try {
      // The table as it was before the scope migration, holding an Agent's and a Group's statement that name the NIP.
      await new XapiStatementsScope1764900000000().down(runner);
      const stored = async (objectType: 'Agent' | 'Group') => {
        const id = randomUUID();
        const statement = {
          id, actor: { objectType, account: { homePage: 'https://lms.example.invalid', name: nip } }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
          object: { objectType: 'Activity', id: 'https://lms.palembang.go.id/xapi/activities/lama' }, stored: new Date().toISOString(),
          authority: { objectType: 'Agent', account: { homePage: 'https://api.egov.example.invalid', name: 'lms-old' } }, version: '1.0.0',
        };
        await runner.query(`INSERT INTO xapi_statements (statement_id, statement, verb_id, activity_id, stored) VALUES ($1, $2, $3, $4, $5)`, [
          id, JSON.stringify(statement), statement.verb.id, statement.object.id, statement.stored,
        ]);
        return id;
      };
      const agent = await stored('Agent');
      const group = await stored('Group');
      await new XapiStatementsScope1764900000000().up(runner);
      const rows: Array<{ statement_id: string; learner_agency: string | null; stored_by: string }> = await runner.query(
        `SELECT statement_id, learner_agency, stored_by FROM xapi_statements WHERE statement_id = ANY($1::uuid[])`, [[agent, group]],
      );
      expect(Object.fromEntries(rows.map((row) => [row.statement_id, [row.learner_agency, row.stored_by]]))).toEqual({ [agent]: ['dpmptsp', 'lms-old'], [group]: [null, 'lms-old'] });
    } finally {
      await runner.release();
    }
  }, 60_000);
});
