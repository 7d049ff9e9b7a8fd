import {
  applyComplaintEvent,
  applyPermitEvent,
  ComplaintCaseFacts,
  complaintContributions,
  FactsCalendar,
  PermitCaseFacts,
  permitContributions,
  SurveyFacts,
  surveyFactsOf,
} from '@palembang/accountability-domain';
import { EventEnvelope } from '@palembang/events';
import { EntityManager } from 'typeorm';
import { AggregateDelta, applyAggregateDelta, CaseChange, combinedDelta, complaintDelta, NO_DELTA, permitDelta, surveyDelta } from './aggregate-store';
import { AlertEvaluator } from './alert-evaluator';
import { pseudonymOf } from './metric-tables';
import { notifyMetricsChanged } from './metrics-changes';
import { mapTrainingEvent } from './training-inputs';

/**
 * The advisory lock between the live projection (shared, held by each handler
 * transaction) and a rebuild's switch (exclusive): the switch never happens in
 * the middle of a live transaction.
 */
export const PROJECTION_SWITCH_LOCK = 7_364_220_011;

export type ProjectionTarget = Readonly<{
  /** The schema written: `metrics` for the live projection, `metrics_next` for a rebuild. */
  schema: string;
  calendar: FactsCalendar;
  /** Decides alerts in the same transaction; absent during a rebuild (alerts are never re-emitted). */
  alerts?: AlertEvaluator;
  /** Takes PROJECTION_SWITCH_LOCK shared (the live projection). */
  live: boolean;
}>;

/**
 * Applies a batch of domain events, in their order, to the fact tables of
 * `target.schema`, inside the consumer's transaction, with a few set-based
 * statements: the stream versions claimed at once, each case's facts read once
 * and folded in memory, the changed ones written in one upsert per table, and
 * the aggregates the metrics read changed by what the batch changed (each case's
 * contributions after the batch minus those before it) in one upsert per table.
 * Idempotent twice over: the inbox runs an event once, and a stream version at
 * or below the one already applied changes nothing. An event that may raise
 * an alert is evaluated on the committed aggregates plus what the batch changed
 * before it (BatchAlerts), so the alert counts exactly what it would count were
 * the events applied one at a time; the batch's aggregate delta is therefore
 * applied last, after the evaluations.
 */
export async function projectEvents(events: readonly EventEnvelope[], manager: EntityManager, target: ProjectionTarget): Promise<void> {
  if (target.live) await manager.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROJECTION_SWITCH_LOCK]);
  const fresh = await claimStreamVersions(manager, target.schema, events);
  const deltas = [
    await projectPermitEvents(fresh.filter((event) => kindOf(event) === 'permit'), manager, target),
    await projectComplaintEvents(fresh.filter((event) => kindOf(event) === 'complaint'), manager, target),
    await projectSurveys(fresh.filter((event) => kindOf(event) === 'survey'), manager, target.schema),
  ];
  const training = fresh.filter((event) => kindOf(event) === 'training');
  await lockPeople(manager, training);
  for (const event of training) deltas.push(await mapTrainingEvent(event, manager, target.schema));
  await applyAggregateDelta(manager, target.schema, combinedDelta(deltas));
  await notifyMetricsChanged(manager, target.schema, deltas);
}

export type EventKind = 'permit' | 'complaint' | 'survey' | 'training';

/** Which facts an event feeds: a permit case by its application, a complaint by its id, a survey, else the training tables. */
export function kindOf(event: EventEnvelope): EventKind {
  if (typeof applicationIdOf(event) === 'string') return 'permit';
  if (typeof complaintIdOf(event) === 'string' && event.type !== 'SurveySubmitted') return 'complaint';
  if (surveyFactsOf(event)) return 'survey';
  return 'training';
}

export const applicationIdOf = (event: EventEnvelope): unknown => (event.data as { applicationId?: unknown }).applicationId;
export const complaintIdOf = (event: EventEnvelope): unknown => (event.data as { complaintId?: unknown }).complaintId;

/**
 * Records the highest stream version of each stream in the batch; returns the events
 * above the version applied before them (an event without a stream version always counts).
 */
async function claimStreamVersions(manager: EntityManager, schema: string, events: readonly EventEnvelope[]): Promise<EventEnvelope[]> {
  const versioned = (event: EventEnvelope) => Number.isSafeInteger(event.streamVersion) && typeof event.streamId === 'string';
  const keys = [...new Set(events.filter(versioned).map((event) => pseudonymOf(event.streamId)))];
  if (keys.length === 0) return [...events];
  const rows: Array<{ stream_key: string; version: number }> = await manager.query(
    `SELECT stream_key, version FROM ${schema}.stream_versions WHERE stream_key = ANY($1::text[]) FOR UPDATE`,
    [keys],
  );
  const applied = new Map(rows.map((row) => [row.stream_key, row.version]));
  const claimed = new Map<string, number>();
  const fresh = events.filter((event) => {
    if (!versioned(event)) return true;
    const key = pseudonymOf(event.streamId);
    if ((claimed.get(key) ?? applied.get(key) ?? -Infinity) >= event.streamVersion) return false;
    claimed.set(key, event.streamVersion);
    return true;
  });
  if (claimed.size > 0) {
    await manager.query(
      `INSERT INTO ${schema}.stream_versions (stream_key, version) SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (stream_key) DO UPDATE SET version = EXCLUDED.version WHERE ${schema}.stream_versions.version < EXCLUDED.version`,
      [[...claimed.keys()], [...claimed.values()]],
    );
  }
  return fresh;
}

async function projectPermitEvents(events: readonly EventEnvelope[], manager: EntityManager, target: ProjectionTarget): Promise<AggregateDelta> {
  if (events.length === 0) return NO_DELTA;
  const { schema, calendar } = target;
  const ids = [...new Set(events.map((event) => applicationIdOf(event) as string))];
  const rows: Array<{ id: string; facts: PermitCaseFacts }> = await manager.query(
    `SELECT application_id AS id, facts FROM ${schema}.permit_facts WHERE application_id = ANY($1::text[]) FOR UPDATE`,
    [ids],
  );
  const facts = new Map(rows.map((row) => [row.id, row.facts]));
  const unwritten = new Map<string, PermitCaseFacts>();
  const changes = new Map<string, CaseChange<PermitCaseFacts>>();
  const alerts = target.alerts?.forBatch('permits');
  for (const event of events) {
    const id = applicationIdOf(event) as string;
    const current = facts.get(id);
    const next = applyPermitEvent(current, event, calendar);
    if (next === undefined || next === current) continue;
    facts.set(id, next);
    unwritten.set(id, next);
    changes.set(id, { before: changes.has(id) ? changes.get(id)?.before : current, after: next });
    if (!alerts) continue;
    alerts.caseChanged(current && permitContributions(current), permitContributions(next));
    if (next.decidedAt !== null && next.withinStandard !== null && current?.withinStandard !== next.withinStandard) alerts.evaluationDue(next.agencyId, next.decidedAt, event);
  }
  await writePermitFacts(manager, schema, unwritten);
  await alerts?.evaluate(manager, schema);
  return permitDelta(changes.values());
}

/** Upserts the facts and forgets them as written. */
async function writePermitFacts(manager: EntityManager, schema: string, unwritten: Map<string, PermitCaseFacts>): Promise<void> {
  if (unwritten.size === 0) return;
  const [ids, facts] = [[...unwritten.keys()], [...unwritten.values()]];
  unwritten.clear();
  await manager.query(
    `INSERT INTO ${schema}.permit_facts (application_id, agency_id, submitted_at, decided_at, version, facts)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::jsonb[])
     ON CONFLICT (application_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, submitted_at = EXCLUDED.submitted_at, decided_at = EXCLUDED.decided_at, version = EXCLUDED.version, facts = EXCLUDED.facts`,
    [
      ids,
      facts.map((fact) => fact.agencyId),
      facts.map((fact) => fact.submittedAt),
      facts.map((fact) => fact.decidedAt),
      facts.map((fact) => fact.version),
      facts.map((fact) => JSON.stringify(fact)),
    ],
  );
}

async function projectComplaintEvents(events: readonly EventEnvelope[], manager: EntityManager, target: ProjectionTarget): Promise<AggregateDelta> {
  if (events.length === 0) return NO_DELTA;
  const { schema, calendar } = target;
  const ids = [...new Set(events.map((event) => complaintIdOf(event) as string))];
  const rows: Array<{ id: string; facts: ComplaintCaseFacts }> = await manager.query(
    `SELECT complaint_id AS id, facts FROM ${schema}.complaint_facts WHERE complaint_id = ANY($1::text[]) FOR UPDATE`,
    [ids],
  );
  const facts = new Map(rows.map((row) => [row.id, row.facts]));
  const unwritten = new Map<string, ComplaintCaseFacts>();
  const changes = new Map<string, CaseChange<ComplaintCaseFacts>>();
  const alerts = target.alerts?.forBatch('complaints');
  for (const event of events) {
    const id = complaintIdOf(event) as string;
    const current = facts.get(id);
    const next = applyComplaintEvent(current, event, calendar);
    if (next === undefined || next === current) continue;
    facts.set(id, next);
    unwritten.set(id, next);
    changes.set(id, { before: changes.has(id) ? changes.get(id)?.before : current, after: next });
    if (!alerts) continue;
    alerts.caseChanged(current && complaintContributions(current), complaintContributions(next));
    if (next.resolvedAt !== null && current?.resolvedAt !== next.resolvedAt) alerts.evaluationDue(next.agencyId, next.resolvedAt, event);
  }
  await writeComplaintFacts(manager, schema, unwritten);
  await alerts?.evaluate(manager, schema);
  return complaintDelta(changes.values());
}

async function writeComplaintFacts(manager: EntityManager, schema: string, unwritten: Map<string, ComplaintCaseFacts>): Promise<void> {
  if (unwritten.size === 0) return;
  const [ids, facts] = [[...unwritten.keys()], [...unwritten.values()]];
  unwritten.clear();
  await manager.query(
    `INSERT INTO ${schema}.complaint_facts (complaint_id, agency_id, received_at, resolved_at, version, facts)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::jsonb[])
     ON CONFLICT (complaint_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, received_at = EXCLUDED.received_at, resolved_at = EXCLUDED.resolved_at, version = EXCLUDED.version, facts = EXCLUDED.facts`,
    [
      ids,
      facts.map((fact) => fact.agencyId),
      facts.map((fact) => fact.receivedAt),
      facts.map((fact) => fact.resolvedAt),
      facts.map((fact) => fact.version),
      facts.map((fact) => JSON.stringify(fact)),
    ],
  );
}

/** A survey is recorded once (its id): only the ones inserted now count in the aggregates. */
async function projectSurveys(events: readonly EventEnvelope[], manager: EntityManager, schema: string): Promise<AggregateDelta> {
  const surveys = firstPerId(events.map(surveyFactsOf).filter((survey): survey is SurveyFacts => survey !== undefined));
  if (surveys.length === 0) return NO_DELTA;
  const inserted: Array<{ survey_id: string }> = await manager.query(
    `INSERT INTO ${schema}.survey_facts (survey_id, agency_id, submitted_at, facts)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[]) ON CONFLICT (survey_id) DO NOTHING RETURNING survey_id`,
    [surveys.map((survey) => survey.surveyId), surveys.map((survey) => survey.agencyId), surveys.map((survey) => survey.submittedAt), surveys.map((survey) => JSON.stringify(survey))],
  );
  const added = new Set(inserted.map((row) => row.survey_id));
  return surveyDelta(surveys.filter((survey) => added.has(survey.surveyId)));
}

function firstPerId(surveys: readonly SurveyFacts[]): SurveyFacts[] {
  const first = new Map<string, SurveyFacts>();
  for (const survey of surveys) if (!first.has(survey.surveyId)) first.set(survey.surveyId, survey);
  return [...first.values()];
}

/**
 * A person's events come on two streams (the register's and the JP credits'), which may be in
 * different partitions: each person's rows are changed by difference from what they were, so two
 * transactions must not change one person at once. Locked in key order, all at once, so two
 * batches never wait for each other in a circle.
 */
async function lockPeople(manager: EntityManager, events: readonly EventEnvelope[]): Promise<void> {
  const people = [...new Set(events.map((event) => (event.data as { nip?: unknown }).nip).filter((nip): nip is string => typeof nip === 'string' && nip.trim() !== '').map((nip) => pseudonymOf(`nip:${nip.trim()}`)))].sort();
  if (people.length > 0) await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended(person, ${PEOPLE_LOCK_SEED})) FROM unnest($1::text[]) AS person ORDER BY person`, [people]);
}

/** Seeds the hash of the person locks, apart from the projection's other advisory locks. */
const PEOPLE_LOCK_SEED = 7_364_220_013;
