import {
  applyComplaintEvent,
  applyPermitEvent,
  ComplaintCaseFacts,
  FactsCalendar,
  PermitCaseFacts,
  surveyFactsOf,
} from '@palembang/accountability-domain';
import { EventEnvelope } from '@palembang/events';
import { EntityManager } from 'typeorm';
import { AlertEvaluator } from './alert-evaluator';
import { pseudonymOf } from './metric-tables';
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
 * Applies one domain event to the fact tables of `target.schema`, inside the
 * consumer's transaction. Idempotent twice over: the inbox runs an event once,
 * and a stream version at or below the one already applied changes nothing.
 */
export async function projectEvent(event: EventEnvelope, manager: EntityManager, target: ProjectionTarget): Promise<void> {
  if (target.live) await manager.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROJECTION_SWITCH_LOCK]);
  if (!(await claimStreamVersion(manager, target.schema, event))) return;
  if (await projectPermitEvent(event, manager, target)) return;
  if (await projectComplaintEvent(event, manager, target)) return;
  if (await projectSurvey(event, manager, target.schema)) return;
  await mapTrainingEvent(event, manager, target.schema);
}

/** Records the stream version; false when this version (or a later one) was applied already. */
async function claimStreamVersion(manager: EntityManager, schema: string, event: EventEnvelope): Promise<boolean> {
  if (!Number.isSafeInteger(event.streamVersion) || typeof event.streamId !== 'string') return true;
  const rows: unknown[] = await manager.query(
    `INSERT INTO ${schema}.stream_versions (stream_key, version) VALUES ($1, $2)
     ON CONFLICT (stream_key) DO UPDATE SET version = EXCLUDED.version WHERE ${schema}.stream_versions.version < EXCLUDED.version
     RETURNING version`,
    [pseudonymOf(event.streamId), event.streamVersion],
  );
  return rows.length > 0;
}

async function projectPermitEvent(event: EventEnvelope, manager: EntityManager, target: ProjectionTarget): Promise<boolean> {
  const applicationId = (event.data as { applicationId?: unknown }).applicationId;
  if (typeof applicationId !== 'string') return false;
  const { schema, calendar } = target;
  const rows: Array<{ facts: PermitCaseFacts }> = await manager.query(`SELECT facts FROM ${schema}.permit_facts WHERE application_id = $1 FOR UPDATE`, [applicationId]);
  const current = rows[0]?.facts;
  const next = applyPermitEvent(current, event, calendar);
  if (next === undefined || next === current) return true;
  await manager.query(
    `INSERT INTO ${schema}.permit_facts (application_id, agency_id, submitted_at, decided_at, version, facts) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (application_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, submitted_at = EXCLUDED.submitted_at, decided_at = EXCLUDED.decided_at, version = EXCLUDED.version, facts = EXCLUDED.facts`,
    [applicationId, next.agencyId, next.submittedAt, next.decidedAt, next.version, JSON.stringify(next)],
  );
  if (target.alerts && next.decidedAt !== null && next.withinStandard !== null && current?.withinStandard !== next.withinStandard) {
    await target.alerts.evaluatePermits(manager, schema, next.agencyId, next.decidedAt, event);
  }
  return true;
}

async function projectComplaintEvent(event: EventEnvelope, manager: EntityManager, target: ProjectionTarget): Promise<boolean> {
  const complaintId = (event.data as { complaintId?: unknown }).complaintId;
  if (typeof complaintId !== 'string' || event.type === 'SurveySubmitted') return false;
  const { schema, calendar } = target;
  const rows: Array<{ facts: ComplaintCaseFacts }> = await manager.query(`SELECT facts FROM ${schema}.complaint_facts WHERE complaint_id = $1 FOR UPDATE`, [complaintId]);
  const current = rows[0]?.facts;
  const next = applyComplaintEvent(current, event, calendar);
  if (next === undefined || next === current) return true;
  await manager.query(
    `INSERT INTO ${schema}.complaint_facts (complaint_id, agency_id, received_at, resolved_at, version, facts) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (complaint_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, received_at = EXCLUDED.received_at, resolved_at = EXCLUDED.resolved_at, version = EXCLUDED.version, facts = EXCLUDED.facts`,
    [complaintId, next.agencyId, next.receivedAt, next.resolvedAt, next.version, JSON.stringify(next)],
  );
  if (target.alerts && next.resolvedAt !== null && current?.resolvedAt !== next.resolvedAt) {
    await target.alerts.evaluateComplaints(manager, schema, next.agencyId, next.resolvedAt, event);
  }
  return true;
}

async function projectSurvey(event: EventEnvelope, manager: EntityManager, schema: string): Promise<boolean> {
  const survey = surveyFactsOf(event);
  if (!survey) return false;
  await manager.query(
    `INSERT INTO ${schema}.survey_facts (survey_id, agency_id, submitted_at, facts) VALUES ($1, $2, $3, $4) ON CONFLICT (survey_id) DO NOTHING`,
    [survey.surveyId, survey.agencyId, survey.submittedAt, JSON.stringify(survey)],
  );
  return true;
}
