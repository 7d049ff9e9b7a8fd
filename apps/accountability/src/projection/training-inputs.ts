import { EventEnvelope } from '@palembang/events';
import { EntityManager } from 'typeorm';
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
 */
const ROSTER_JOINED = ['CivilServantRegistered', 'CivilServantTransferred', 'CivilServantEnrolled', 'CivilServantAssigned'];
const ROSTER_LEFT = ['CivilServantLeft', 'CivilServantRetired', 'CivilServantRemoved'];

type TrainingData = Record<string, unknown>;

export async function mapTrainingEvent(event: EventEnvelope, manager: EntityManager, schema: string): Promise<void> {
  const data = event.data as TrainingData;
  if (typeof data.nip !== 'string' || !data.nip.trim()) return;
  const personKey = pseudonymOf(`nip:${data.nip.trim()}`);
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
