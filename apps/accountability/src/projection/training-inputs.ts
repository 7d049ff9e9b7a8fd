import { PersonTraining, rowDelta, trainingRows } from '@palembang/accountability-domain';
import { EventEnvelope } from '@palembang/events';
import { EntityManager } from 'typeorm';
import { AggregateDelta, NO_DELTA } from './aggregate-store';
import { pseudonymOf } from './metric-tables';

/**
 * Training events, mapped defensively (the training context owns them and may
 * still change; see libs/accountability/domain/src/published-language/training-inputs.ts):
 *
 * - `JpCredited` {nip, jp, creditedAt, reference?, agencyId? | employerAgencyId?}: one
 *   credit per (person, reference); the agency is the event's own, else the envelope's.
 *   ParticipantCompleted is NOT mapped: a pass is credited through JpCredited.
 * - `JpCreditRevoked` {nip, reference}: deletes that credit.
 * - Roster: `CivilServantRegistered` {nip, agencyId} and `CivilServantTransferred`
 *   {nip, agencyId} (libs/training/domain/src/civil-servant, BKPSDM's register) put the
 *   person on that agency's roster, the latest by occurrence winning; the sealed name is
 *   never read. Also accepted, should the register grow them: `CivilServantEnrolled` /
 *   `CivilServantAssigned` (joining) and `CivilServantLeft` / `CivilServantRetired` /
 *   `CivilServantRemoved` (leaving).
 *
 * The NIP is kept only as a pseudonym (`person_key`); anything malformed is ignored.
 * Returns what the change did to the aggregates: the person's rows (trainingRows) after
 * it minus those before it.
 */
const ROSTER_JOINED = ['CivilServantRegistered', 'CivilServantTransferred', 'CivilServantEnrolled', 'CivilServantAssigned'];
const ROSTER_LEFT = ['CivilServantLeft', 'CivilServantRetired', 'CivilServantRemoved'];

type TrainingData = Record<string, unknown>;

export async function mapTrainingEvent(event: EventEnvelope, manager: EntityManager, schema: string): Promise<AggregateDelta> {
  const data = event.data as TrainingData;
  if (typeof data.nip !== 'string' || !data.nip.trim()) return NO_DELTA;
  const personKey = pseudonymOf(`nip:${data.nip.trim()}`);
  const before = trainingRows(await personTraining(manager, schema, personKey));
  await applyTrainingEvent(event, data, personKey, manager, schema);
  return { rows: rowDelta(before, trainingRows(await personTraining(manager, schema, personKey))), pending: [] };
}

/** What people on a roster add to the aggregates, as the tables hold them now (a backfill). */
export async function trainingDeltaOfPeople(manager: EntityManager, schema: string, personKeys: readonly string[]): Promise<AggregateDelta> {
  const rows = [];
  for (const personKey of personKeys) rows.push(...trainingRows(await personTraining(manager, schema, personKey)));
  return { rows: rowDelta([], rows), pending: [] };
}

/** The person's roster agency (null when on none) and credits, as the tables hold them now. */
async function personTraining(manager: EntityManager, schema: string, personKey: string): Promise<PersonTraining> {
  const roster: Array<{ agency_id: string }> = await manager.query(`SELECT agency_id FROM ${schema}.civil_servants WHERE person_key = $1`, [personKey]);
  const credits: Array<{ jp: number; credited_at: Date }> = await manager.query(`SELECT jp, credited_at FROM ${schema}.training_credits WHERE person_key = $1 ORDER BY reference`, [personKey]);
  return { agencyId: roster[0]?.agency_id ?? null, credits: credits.map((credit) => ({ jp: Number(credit.jp), creditedAt: credit.credited_at.toISOString() })) };
}

async function applyTrainingEvent(event: EventEnvelope, data: TrainingData, personKey: string, manager: EntityManager, schema: string): Promise<void> {
  const agencyId = textOr(data.agencyId) ?? textOr(data.employerAgencyId) ?? event.agencyId;
  if (event.type === 'JpCredited') {
    const jp = data.jp;
    const creditedAt = textOr(data.creditedAt);
    if (typeof jp !== 'number' || !Number.isFinite(jp) || jp < 0 || !creditedAt || Number.isNaN(Date.parse(creditedAt))) return;
    await manager.query(
      `INSERT INTO ${schema}.training_credits (person_key, reference, agency_id, jp, credited_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (person_key, reference) DO UPDATE SET agency_id = EXCLUDED.agency_id, jp = EXCLUDED.jp, credited_at = EXCLUDED.credited_at`,
      [personKey, textOr(data.reference) ?? event.eventId, agencyId, jp, creditedAt],
    );
  } else if (event.type === 'JpCreditRevoked') {
    const reference = textOr(data.reference);
    if (reference) await manager.query(`DELETE FROM ${schema}.training_credits WHERE person_key = $1 AND reference = $2`, [personKey, reference]);
  } else if (ROSTER_JOINED.includes(event.type)) {
    // The latest placement wins, by its own time, then by event id: the same row whatever order a replay brings the events in.
    await manager.query(
      `INSERT INTO ${schema}.civil_servants (person_key, agency_id, as_of, as_of_event) VALUES ($1, $2, $3, $4)
       ON CONFLICT (person_key) DO UPDATE SET agency_id = EXCLUDED.agency_id, as_of = EXCLUDED.as_of, as_of_event = EXCLUDED.as_of_event
       WHERE (${schema}.civil_servants.as_of, ${schema}.civil_servants.as_of_event) < (EXCLUDED.as_of, EXCLUDED.as_of_event)`,
      [personKey, agencyId, placementTime(event, data), event.eventId],
    );
  } else if (ROSTER_LEFT.includes(event.type)) {
    await manager.query(`DELETE FROM ${schema}.civil_servants WHERE person_key = $1 AND as_of <= $2`, [personKey, placementTime(event, data)]);
  }
}

/** When the placement took effect: the event's own time field, else when it happened. */
function placementTime(event: EventEnvelope, data: Record<string, unknown>): string {
  for (const field of ['registeredAt', 'transferredAt', 'enrolledAt', 'assignedAt', 'leftAt', 'retiredAt', 'removedAt']) {
    const value = textOr(data[field]);
    if (value && !Number.isNaN(Date.parse(value))) return value;
  }
  return event.occurredAt;
}

function textOr(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
