import {
  applyComplaintEvent,
  applyPermitEvent,
  ComplaintCaseFacts,
  complaintContributions,
  Contributions,
  FactsCalendar,
  PerformanceService,
  PermitCaseFacts,
  permitContributions,
  SurveyFacts,
  surveyFactsOf,
} from '@palembang/accountability-domain';
import { EventEnvelope } from '@palembang/events';
import { EntityManager } from 'typeorm';
import { AggregateDelta, applyAggregateDeltaAlong, CaseChange, combinedDelta, complaintDelta, NO_DELTA, permitDelta, surveyDelta } from './aggregate-store';
import { AlertEvaluator, alertLocksSelect, BatchAlerts } from './alert-evaluator';
import { pseudonymOf } from './metric-tables';
import { metricsChangedNotification } from './metrics-changes';
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
 * statements: the stream versions and each case's facts read at once (one
 * statement), the cases folded in memory, the versions claimed and the changed
 * facts written at once (one statement, which also takes the alert locks), and
 * the aggregates the metrics read changed by what the batch changed (each case's
 * contributions after the batch minus those before it), in one statement that also
 * reads the committed alert counts and notifies the metrics readers. Idempotent twice
 * over: the inbox runs an event once, and a stream version at or below the one already
 * applied changes nothing. An event that may raise an alert is evaluated on the
 * aggregates committed before the batch (read in the snapshot of the statement that
 * writes the batch's delta, which does not see its own writes) plus what the batch
 * changed before it (BatchAlerts), so the alert counts exactly what it would count
 * were the events applied one at a time.
 */
export async function projectEvents(events: readonly EventEnvelope[], manager: EntityManager, target: ProjectionTarget): Promise<void> {
  const { schema } = target;
  if (target.live) await manager.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROJECTION_SWITCH_LOCK]);
  const kinds = new Map(events.map((event) => [event, kindOf(event)]));
  const ofKind = (list: readonly EventEnvelope[], kind: EventKind) => list.filter((event) => kinds.get(event) === kind);
  const stored = await readBatchState(manager, schema, events, ofKind(events, 'permit'), ofKind(events, 'complaint'));
  const { fresh, claimed } = claimStreamVersions(events, stored.versions);
  const permits = foldCases(ofKind(fresh, 'permit'), stored.permits, PERMIT_CASES, target);
  const complaints = foldCases(ofKind(fresh, 'complaint'), stored.complaints, COMPLAINT_CASES, target);
  const surveys = await projectSurveys(ofKind(fresh, 'survey'), manager, schema);
  await writeBatchState(manager, schema, claimed, permits, complaints);
  const deltas = [permitDelta(permits.changes.values()), complaintDelta(complaints.changes.values()), surveys];
  const training = ofKind(fresh, 'training');
  await lockPeople(manager, training);
  for (const event of training) deltas.push(await mapTrainingEvent(event, manager, schema));
  const alerts = [permits.alerts, complaints.alerts].filter((batch): batch is BatchAlerts => batch !== undefined);
  const committedCounts = await applyAggregateDeltaAlong(manager, schema, combinedDelta(deltas), {
    monthSums: alerts.flatMap((batch) => batch.countsAsked()),
    notify: metricsChangedNotification(schema, deltas),
  });
  for (const batch of alerts) await batch.evaluate(manager, committedCounts);
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

const isVersioned = (event: EventEnvelope) => Number.isSafeInteger(event.streamVersion) && typeof event.streamId === 'string';

type BatchState = Readonly<{ versions: Map<string, number>; permits: Map<string, PermitCaseFacts>; complaints: Map<string, ComplaintCaseFacts> }>;

/**
 * The stream versions applied before the batch and the facts of its cases, in one statement, locked
 * (FOR UPDATE) until commit: a stream, and so its case, is another partition's only after a rebalance.
 */
async function readBatchState(manager: EntityManager, schema: string, events: readonly EventEnvelope[], permits: readonly EventEnvelope[], complaints: readonly EventEnvelope[]): Promise<BatchState> {
  const streamKeys = [...new Set(events.filter(isVersioned).map((event) => pseudonymOf(event.streamId)))];
  const permitIds = [...new Set(permits.map((event) => applicationIdOf(event) as string))];
  const complaintIds = [...new Set(complaints.map((event) => complaintIdOf(event) as string))];
  const state: BatchState = { versions: new Map(), permits: new Map(), complaints: new Map() };
  if (streamKeys.length + permitIds.length + complaintIds.length === 0) return state;
  const rows: Array<{ kind: 'version' | 'permit' | 'complaint'; id: string; version: number | null; facts: (PermitCaseFacts & ComplaintCaseFacts) | null }> = await manager.query(
    `WITH versions AS (SELECT stream_key, version FROM ${schema}.stream_versions WHERE stream_key = ANY($1::text[]) FOR UPDATE),
          permits AS (SELECT application_id, facts FROM ${schema}.permit_facts WHERE application_id = ANY($2::text[]) FOR UPDATE),
          complaints AS (SELECT complaint_id, facts FROM ${schema}.complaint_facts WHERE complaint_id = ANY($3::text[]) FOR UPDATE)
     SELECT 'version' AS kind, stream_key AS id, version, NULL::jsonb AS facts FROM versions
     UNION ALL SELECT 'permit', application_id, NULL, facts FROM permits
     UNION ALL SELECT 'complaint', complaint_id, NULL, facts FROM complaints`,
    [streamKeys, permitIds, complaintIds],
  );
  for (const row of rows) {
    if (row.kind === 'version') state.versions.set(row.id, row.version as number);
    else if (row.kind === 'permit') state.permits.set(row.id, row.facts as PermitCaseFacts);
    else state.complaints.set(row.id, row.facts as ComplaintCaseFacts);
  }
  return state;
}

/**
 * The events above the version applied before them (an event without a stream version always
 * counts), and the highest version of each stream among them, to be recorded.
 */
function claimStreamVersions(events: readonly EventEnvelope[], applied: ReadonlyMap<string, number>): { fresh: EventEnvelope[]; claimed: Map<string, number> } {
  const claimed = new Map<string, number>();
  const fresh = events.filter((event) => {
    if (!isVersioned(event)) return true;
    const key = pseudonymOf(event.streamId);
    if ((claimed.get(key) ?? applied.get(key) ?? -Infinity) >= event.streamVersion) return false;
    claimed.set(key, event.streamVersion);
    return true;
  });
  return { fresh, claimed };
}

/** What the fold needs to know of a kind of case. */
type CaseKind<F extends { agencyId: string }> = Readonly<{
  service: PerformanceService;
  idOf: (event: EventEnvelope) => string;
  apply: (facts: F | undefined, event: EventEnvelope, calendar: FactsCalendar) => F | undefined;
  contributionsOf: (facts: F) => Contributions;
  /** The instant whose month the change calls to evaluate, or null: a decision whose time against the standard changed, a resolution. */
  evaluatedAt: (before: F | undefined, after: F) => string | null;
}>;

const PERMIT_CASES: CaseKind<PermitCaseFacts> = {
  service: 'permits',
  idOf: (event) => applicationIdOf(event) as string,
  apply: applyPermitEvent,
  contributionsOf: permitContributions,
  evaluatedAt: (before, after) => (after.decidedAt !== null && after.withinStandard !== null && before?.withinStandard !== after.withinStandard ? after.decidedAt : null),
};

const COMPLAINT_CASES: CaseKind<ComplaintCaseFacts> = {
  service: 'complaints',
  idOf: (event) => complaintIdOf(event) as string,
  apply: applyComplaintEvent,
  contributionsOf: complaintContributions,
  evaluatedAt: (before, after) => (after.resolvedAt !== null && before?.resolvedAt !== after.resolvedAt ? after.resolvedAt : null),
};

type FoldedCases<F extends { agencyId: string }> = Readonly<{ changes: Map<string, CaseChange<F>>; alerts?: BatchAlerts }>;

/** Each case's events folded in order on its stored facts; with the alert evaluations they call for (live). */
function foldCases<F extends { agencyId: string }>(events: readonly EventEnvelope[], stored: ReadonlyMap<string, F>, kind: CaseKind<F>, target: ProjectionTarget): FoldedCases<F> {
  const facts = new Map(stored);
  const changes = new Map<string, CaseChange<F>>();
  const alerts = events.length > 0 ? target.alerts?.forBatch(kind.service) : undefined;
  /** Each changed case's contributions as last folded: the next change of the case starts from them. */
  const contributed = new Map<string, Contributions>();
  for (const event of events) {
    const id = kind.idOf(event);
    const current = facts.get(id);
    const next = kind.apply(current, event, target.calendar);
    if (next === undefined || next === current) continue;
    facts.set(id, next);
    changes.set(id, { before: changes.has(id) ? changes.get(id)?.before : current, after: next });
    if (!alerts) continue;
    const contributions = kind.contributionsOf(next);
    alerts.caseChanged(contributed.get(id) ?? (current && kind.contributionsOf(current)), contributions);
    contributed.set(id, contributions);
    const evaluatedAt = kind.evaluatedAt(current, next);
    if (evaluatedAt !== null) alerts.evaluationDue(next.agencyId, evaluatedAt, event);
  }
  return { changes, alerts };
}

/**
 * The claimed stream versions and the changed facts, in one statement, which also takes the locks of
 * the alert evaluations due (so that their counts, read next, include every case committed before).
 */
async function writeBatchState(manager: EntityManager, schema: string, claimed: ReadonlyMap<string, number>, permits: FoldedCases<PermitCaseFacts>, complaints: FoldedCases<ComplaintCaseFacts>): Promise<void> {
  const [permitIds, permitFacts] = [[...permits.changes.keys()], [...permits.changes.values()].map((change) => change.after)];
  const [complaintIds, complaintFacts] = [[...complaints.changes.keys()], [...complaints.changes.values()].map((change) => change.after)];
  const alertLocks = [...(permits.alerts?.lockIds() ?? []), ...(complaints.alerts?.lockIds() ?? [])];
  if (claimed.size + permitFacts.length + complaintFacts.length + alertLocks.length === 0) return;
  await manager.query(
    `WITH versions AS (
       INSERT INTO ${schema}.stream_versions (stream_key, version) SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (stream_key) DO UPDATE SET version = EXCLUDED.version WHERE ${schema}.stream_versions.version < EXCLUDED.version),
     permits AS (
       INSERT INTO ${schema}.permit_facts (application_id, agency_id, submitted_at, decided_at, version, facts)
       SELECT * FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::jsonb[])
       ON CONFLICT (application_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, submitted_at = EXCLUDED.submitted_at, decided_at = EXCLUDED.decided_at, version = EXCLUDED.version, facts = EXCLUDED.facts),
     complaints AS (
       INSERT INTO ${schema}.complaint_facts (complaint_id, agency_id, received_at, resolved_at, version, facts)
       SELECT * FROM unnest($9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::int[], $14::jsonb[])
       ON CONFLICT (complaint_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, received_at = EXCLUDED.received_at, resolved_at = EXCLUDED.resolved_at, version = EXCLUDED.version, facts = EXCLUDED.facts)
     ${alertLocksSelect('$15')}`,
    [
      [...claimed.keys()],
      [...claimed.values()],
      permitIds,
      permitFacts.map((fact) => fact.agencyId),
      permitFacts.map((fact) => fact.submittedAt),
      permitFacts.map((fact) => fact.decidedAt),
      permitFacts.map((fact) => fact.version),
      permitFacts.map((fact) => JSON.stringify(fact)),
      complaintIds,
      complaintFacts.map((fact) => fact.agencyId),
      complaintFacts.map((fact) => fact.receivedAt),
      complaintFacts.map((fact) => fact.resolvedAt),
      complaintFacts.map((fact) => fact.version),
      complaintFacts.map((fact) => JSON.stringify(fact)),
      alertLocks,
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
