import { randomUUID } from 'node:crypto';
import { defineContract, ERASED, Event, EventContracts } from '@palembang/events/core';
import { DataSource } from 'typeorm';
import { createTestDatabase, newEvent, testChainKeys, testVault } from '../testing';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { ErasureRequest, PersonalDataVault } from './personal-data-vault';

type Person = { nik: string; name: string };

/** An application names its applicant (sent by the agency that handles it); an enrolment names the employer holding the case. */
const contracts = () =>
  new EventContracts([
    defineContract<Event<'ApplicationSubmitted', { applicant: Person }>>({
      type: 'ApplicationSubmitted',
      schemaVersion: 1,
      personalData: { subjectId: (data) => `citizen-${data.applicant.nik}`, fields: ['applicant.name'] },
    }),
    defineContract<Event<'ParticipantEnrolled', { participant: Person; employerAgencyId: string }>>({
      type: 'ParticipantEnrolled',
      schemaVersion: 1,
      personalData: { subjectId: (data) => `citizen-${data.participant.nik}`, fields: ['participant.name'], agencyId: (data) => data.employerAgencyId },
    }),
  ]);

/** Review finding 1.1: erasing a person's key erases them for every agency, so one agency never decides that for another. */
describe('forgetting a person on request (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let vault: PersonalDataVault;

  beforeAll(async () => {
    dataSource = await createTestDatabase('vault_forget');
    vault = testVault();
    store = new PostgresEventStore({ dataSource, vault, chainKeys: testChainKeys(), topic: 'test.events', contracts: contracts() });
  });

  afterAll(() => dataSource.destroy());

  const person = (): Person => ({ nik: String(Math.floor(Math.random() * 1e16)).padStart(16, '1'), name: 'Siti Aminah' });
  const submittedBy = async (agencyId: string, applicant: Person) => {
    const streamId = `application-${randomUUID()}`;
    const event = newEvent('ApplicationSubmitted', { applicant });
    await store.append(streamId, 0, [{ ...event, metadata: { ...event.metadata, agencyId } }]);
    return streamId;
  };
  const nameIn = async (streamId: string) => ((await store.readStream(streamId))[0].data as { applicant: Person }).applicant.name;
  const asked = (agencyId: string, allAgencies = false): ErasureRequest => ({ clientId: `admin-${agencyId}`, agencyId, allAgencies, at: new Date().toISOString() });

  it("lets the only agency holding a person's case forget them", async () => {
    const applicant = person();
    const stream = await submittedBy('agency-a', applicant);
    expect(await store.forgetOnRequest(`citizen-${applicant.nik}`, asked('agency-a'))).toMatchObject({ outcome: 'erased', erasedKeys: 1 });
    expect(await nameIn(stream)).toBe(ERASED);
  });

  it('refuses an agency that linked itself to another agency\'s person (and the person stays readable), and so the owner too, both as held by another agency; an unlinked one as unknown; agencies:all may', async () => {
    const applicant = person();
    const ofA = await submittedBy('agency-a', applicant);
    // Agency B's two-step attack: name A's person in one of its own cases, then ask to forget them.
    await submittedBy('agency-b', applicant);
    expect(await store.forgetOnRequest(`citizen-${applicant.nik}`, asked('agency-b'))).toMatchObject({ outcome: 'shared' });
    expect(await nameIn(ofA)).toBe('Siti Aminah');
    // Review 2 finding 5: the owner is told the person is held by another agency too (409), not "unknown".
    expect(await store.forgetOnRequest(`citizen-${applicant.nik}`, asked('agency-a'))).toMatchObject({ outcome: 'shared' });
    expect(await nameIn(ofA)).toBe('Siti Aminah');
    expect(await store.forgetOnRequest(`citizen-${applicant.nik}`, asked('agency-c'))).toMatchObject({ outcome: 'refused' });
    expect(await store.forgetOnRequest(`citizen-${applicant.nik}`, asked('agency-c', true))).toMatchObject({ outcome: 'erased', erasedKeys: 1 });
    expect(await nameIn(ofA)).toBe(ERASED);
  });

  it('refuses a person no agency or another agency holds a case of', async () => {
    const applicant = person();
    expect(await store.forgetOnRequest(`citizen-${applicant.nik}`, asked('agency-a'))).toMatchObject({ outcome: 'refused' });
    await submittedBy('agency-a', applicant);
    expect(await store.forgetOnRequest(`citizen-${applicant.nik}`, asked('agency-b'))).toMatchObject({ outcome: 'refused' });
  });

  it('links the agency the contract names (the employer), not the agency that sent the event (the organiser)', async () => {
    const participant = person();
    const event = newEvent('ParticipantEnrolled', { participant, employerAgencyId: 'agency-a' });
    await store.append(`cohort-${randomUUID()}`, 0, [{ ...event, metadata: { ...event.metadata, agencyId: 'agency-b' } }]);
    expect(await store.forgetOnRequest(`citizen-${participant.nik}`, asked('agency-b'))).toMatchObject({ outcome: 'refused' });
    expect(await store.forgetOnRequest(`citizen-${participant.nik}`, asked('agency-a'))).toMatchObject({ outcome: 'erased', erasedKeys: 1 });
  });

  it('does not erase a key another agency is sealing a new case with at the same moment (review 2 finding 6)', async () => {
    const applicant = person();
    const ofA = await submittedBy('agency-a', applicant);
    const contract = contracts().get('ApplicationSubmitted');
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let sealed!: () => void;
    const sealing = new Promise<void>((resolve) => (sealed = resolve));
    // Agency B seals a new case of A's person and has not committed yet when A asks to forget them.
    const agencyB = dataSource.transaction(async (manager) => {
      await vault.seal(manager, contract, { applicant }, 'agency-b');
      sealed();
      await committing;
    });
    await sealing;
    const forgetting = store.forgetOnRequest(`citizen-${applicant.nik}`, asked('agency-a'));
    const early = await Promise.race([forgetting.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
    commit();
    await agencyB;
    expect(early).toBe('waiting');
    expect(await forgetting).toMatchObject({ outcome: 'shared' });
    expect(await nameIn(ofA)).toBe('Siti Aminah');
  });
});
