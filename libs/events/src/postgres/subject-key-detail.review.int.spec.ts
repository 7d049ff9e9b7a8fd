import { randomBytes, randomUUID } from 'node:crypto';
import { defineContract, ERASED, Event, EventContracts } from '@palembang/events/core';
import { DataSource } from 'typeorm';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { createTestDatabase, newEvent, testChainKeys } from '../testing';
import { PostgresEventStore } from './postgres-event-store';

type Submitted = Event<'ApplicationSubmitted', { applicant: { nik: string; name: string } }>;

const contracts = () =>
  new EventContracts([
    defineContract<Submitted>({ type: 'ApplicationSubmitted', schemaVersion: 1, personalData: { subjectId: (data) => `citizen-${data.applicant.nik}`, fields: ['applicant.nik', 'applicant.name'] } }),
  ]);

/**
 * Review (issue 16 point 3): a process that does not remember a person's key (a second
 * replica, a restart, an evicted entry) seals with a new key; es_use_subject_key refuses it
 * with PEKEY and puts the person's active wrapped key in the error's DETAIL. PostgreSQL logs
 * every ERROR with its DETAIL by default (log_min_messages = warning), so the wrapped key is
 * copied to the database server's log on an ordinary write, and survives the erasure that
 * NULLs it in es_subject_keys: crypto-shredding no longer shreds.
 */
describe('review: the subject key in a PEKEY error detail', () => {
  let dataSource: DataSource;
  const masterKey = randomBytes(32);
  const chainKeys = testChainKeys();

  beforeAll(async () => {
    dataSource = await createTestDatabase('review_pekey');
  });

  afterAll(() => dataSource.destroy());

  /** One service process: its own vault (its own key cache) over the shared database and master key. */
  const process = () => {
    const vault = new PersonalDataVault(masterKey);
    return { vault, store: new PostgresEventStore({ dataSource, vault, chainKeys, topic: 'test.events', contracts: contracts() }) };
  };

  it('never sends a wrapped personal-data key in an error a second process meets on an ordinary write', async () => {
    const nik = `${Date.now()}`.padStart(16, '3');
    const first = process();
    const second = process();
    const details: string[] = [];
    const keyMissed = second.vault.keyMissed.bind(second.vault);
    second.vault.keyMissed = (detail) => {
      if (detail) details.push(detail);
      keyMissed(detail);
    };

    const sealedStream = `app-${randomUUID()}`;
    await first.store.append(sealedStream, 0, [newEvent('ApplicationSubmitted', { applicant: { nik, name: 'Siti Aminah' } })]);
    // Another replica's first write for the same person: an ordinary write, no race.
    await second.store.append(`app-${randomUUID()}`, 0, [newEvent('ApplicationSubmitted', { applicant: { nik, name: 'Siti Aminah' } })]);

    const [{ wrapped }] = await dataSource.query(`SELECT encode(wrapped_key, 'hex') AS wrapped FROM es_subject_keys WHERE subject_id = $1 AND erased_at IS NULL`, [first.vault.subjectReference(`citizen-${nik}`)]);
    const leaked = details.some((detail) => detail.includes(wrapped));

    // What the leaked copy is worth after the person is forgotten: the event reads as ERASED, the log's copy still opens it.
    await first.store.forget(`citizen-${nik}`);
    expect(((await first.store.readStream(sealedStream))[0].data as Submitted['data']).applicant.name).toBe(ERASED);
    if (leaked) {
      const [{ data }] = await dataSource.query(`SELECT data FROM es_events WHERE stream_id = $1`, [sealedStream]);
      const detail = details.find((text) => text.includes(wrapped)) as string;
      const [, keyId, wrappedKey] = detail.split(':');
      const reopened = new PersonalDataVault(masterKey).unsealWithKeys(data, [{ keyId, wrappedKey }]) as Submitted['data'];
      expect({ leaked, reopenedAfterErasure: reopened.applicant.name }).toEqual({ leaked: false, reopenedAfterErasure: ERASED });
    }
    expect(leaked).toBe(false);
  });
});
