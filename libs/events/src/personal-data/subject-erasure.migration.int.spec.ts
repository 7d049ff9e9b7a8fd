import { randomUUID } from 'node:crypto';
import { defineContract, Event, EventContracts } from '@palembang/events/core';
import { DataSource } from 'typeorm';
import { createTestDatabase, newEvent, testChainKeys, testVault } from '../testing';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { PersonalDataVault } from './personal-data-vault';
import { SubjectErasure1764900000000 } from './subject-erasure.migration';

type Named = { nip: string; name: string };

/** The stored events as the services write them (the contracts' holders as in training and complaints). */
const contracts = () =>
  new EventContracts([
    defineContract<Event<'ApplicationSubmitted', { applicant: { nik: string; name: string } }>>({
      type: 'ApplicationSubmitted',
      schemaVersion: 1,
      personalData: { subjectId: (data) => `applicant:${data.applicant.nik}`, fields: ['applicant.name'] },
    }),
    defineContract<Event<'CivilServantRegistered', Named & { agencyId: string }>>({
      type: 'CivilServantRegistered',
      schemaVersion: 1,
      personalData: { subjectId: (data) => `civil-servant:${data.nip}`, fields: ['name'], agencyId: (data) => data.agencyId },
    }),
    defineContract<Event<'ParticipantEnrolled', Named & { employerAgencyId: string }>>({
      type: 'ParticipantEnrolled',
      schemaVersion: 1,
      personalData: { subjectId: (data) => `civil-servant:${data.nip}`, fields: ['name'], agencyId: (data) => data.employerAgencyId },
    }),
    defineContract<Event<'ComplaintSubmitted', { agencyId: string; anonymous: boolean; reporter: { reporterId: string; name: string } }>>({
      type: 'ComplaintSubmitted',
      schemaVersion: 1,
      personalData: { subjectId: (data) => `reporter:${data.reporter.reporterId}`, fields: ['reporter.name'], agencyId: (data) => data.agencyId },
    }),
  ]);

/**
 * Review 2 finding 3: the backfill linked each subject to the agency that SENT the event (BKPSDM for every
 * registered civil servant, the organiser for every enrolment, the portal for every complaint), so that
 * agency could forget them alone and the agency holding the case could not. It links the holder now.
 */
describe('SubjectErasure migration: linking stored subjects to the agency holding their case (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let vault: PersonalDataVault;

  beforeAll(async () => {
    dataSource = await createTestDatabase('subject_backfill');
    vault = testVault();
    store = new PostgresEventStore({ dataSource, vault, chainKeys: testChainKeys(), topic: 'test.events', contracts: contracts() });
  });

  afterAll(() => dataSource.destroy());

  const sentBy = async (agencyId: string, streamId: string, events: Array<{ type: string; data: object }>) => {
    const version = (await store.readStream(streamId)).length;
    await store.append(
      streamId,
      version,
      events.map(({ type, data }) => {
        const event = newEvent(type, data);
        return { ...event, metadata: { ...event.metadata, agencyId } };
      }),
    );
  };
  const linked = async (subject: string): Promise<string[]> => {
    const rows: Array<{ agency_id: string }> = await dataSource.query(`SELECT agency_id FROM es_subject_agencies WHERE subject_id = $1 ORDER BY agency_id`, [
      vault.subjectReference(subject),
    ]);
    return rows.map((row) => row.agency_id);
  };
  const nip = () => String(Math.floor(Math.random() * 1e17)).padStart(18, '1');

  it('links the holder of each case: employer, serving agency (and the next after a transfer), desk and routed agency, sender otherwise', async () => {
    const registered = nip();
    await sentBy('bkpsdm', `civil-servant-${registered}`, [{ type: 'CivilServantRegistered', data: { nip: registered, name: 'Budi', agencyId: 'dinas-a' } }]);
    await sentBy('bkpsdm', `civil-servant-${registered}`, [{ type: 'CivilServantTransferred', data: { nip: registered, fromAgencyId: 'dinas-a', agencyId: 'dinas-b' } }]);
    const enrolled = nip();
    await sentBy('organiser', `cohort-${randomUUID()}`, [{ type: 'ParticipantEnrolled', data: { nip: enrolled, name: 'Sari', employerAgencyId: 'employer' } }]);
    const reporter = randomUUID();
    const complaint = `complaint-${randomUUID()}`;
    await sentBy('portal', complaint, [{ type: 'ComplaintSubmitted', data: { agencyId: 'desk', anonymous: false, reporter: { reporterId: reporter, name: 'Rina' } } }]);
    await sentBy('desk', complaint, [{ type: 'ComplaintVerified', data: { agencyId: 'dinas-pupr' } }]);
    await sentBy('dinas-pupr', complaint, [{ type: 'ComplaintRerouted', data: { agencyId: 'desk', declinedBy: 'dinas-pupr' } }]);
    await sentBy('desk', complaint, [{ type: 'ComplaintVerified', data: { agencyId: 'dinas-kesehatan' } }]);
    const anonymous = randomUUID();
    const anonymousComplaint = `complaint-${randomUUID()}`;
    await sentBy('portal', anonymousComplaint, [{ type: 'ComplaintSubmitted', data: { agencyId: 'desk', anonymous: true, reporter: { reporterId: anonymous, name: 'X' } } }]);
    await sentBy('desk', anonymousComplaint, [{ type: 'ComplaintVerified', data: { agencyId: 'dinas-pupr' } }]);
    const applicant = String(Math.floor(Math.random() * 1e16)).padStart(16, '1');
    await sentBy('dpmptsp', `application-${randomUUID()}`, [{ type: 'ApplicationSubmitted', data: { applicant: { nik: applicant, name: 'Ani' } } }]);

    // The database as before this change: events and keys, no links; then the migration.
    await dataSource.query(`DROP TABLE es_subject_erasures`);
    await dataSource.query(`DROP TABLE es_subject_agencies`);
    const queryRunner = dataSource.createQueryRunner();
    try {
      await new SubjectErasure1764900000000().up(queryRunner);
    } finally {
      await queryRunner.release();
    }

    expect(await linked(`civil-servant:${registered}`)).toEqual(['dinas-a', 'dinas-b']);
    expect(await linked(`civil-servant:${enrolled}`)).toEqual(['employer']);
    expect(await linked(`reporter:${reporter}`)).toEqual(['desk', 'dinas-kesehatan', 'dinas-pupr']);
    expect(await linked(`reporter:${anonymous}`)).toEqual(['desk']);
    expect(await linked(`applicant:${applicant}`)).toEqual(['dpmptsp']);
  });
});
