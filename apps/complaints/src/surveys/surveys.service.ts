import { Inject, Injectable } from '@nestjs/common';
import { handleCommand, PostgresEventStore } from '@palembang/events';
import { decodeCursor, encodeCursor, problem, ProblemException, rejectionProblem } from '@palembang/http';
import { InteractionKind, SkmScores, SurveyDecider, SurveySubmitted, surveyStreamIdOf } from '@palembang/satisfaction';
import { DataSource, EntityManager } from 'typeorm';
import { findFinishedInteraction } from './finished-interactions';

export const SURVEY_DECIDER = Symbol('SURVEY_DECIDER');

export type SurveySubmission = Readonly<{
  surveyId: string;
  interaction: { kind: InteractionKind; id: string };
  scores: Record<string, unknown>;
  respondent?: Record<string, unknown> | null;
  suggestion?: string | null;
}>;

export type SurveyContext = Readonly<{ now: string; agencyId: string; actor: string; correlationId: string }>;

export type SurveyRow = Readonly<{
  surveyId: string;
  interaction: { kind: string; id: string; agencyId: string; serviceCode: string; finishedAt: string };
  scores: SkmScores;
  submittedAt: string;
}>;

/** Satisfaction surveys (SKM): one per finished service interaction, event-sourced like complaints. */
@Injectable()
export class SurveysService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SURVEY_DECIDER) private readonly decider: SurveyDecider,
  ) {}

  /**
   * The interaction must have finished and belong to an agency the caller may act for
   * (404 otherwise, like a missing one); the survey rules judge the scores (400) and duplicates (409).
   */
  async submit(submission: SurveySubmission, context: SurveyContext, mayActFor: (agencyId: string) => boolean): Promise<SurveySubmitted['data']> {
    return this.dataSource.transaction(async (manager) => {
      const interaction = await findFinishedInteraction(manager, submission.interaction.kind, submission.interaction.id);
      if (!interaction || !mayActFor(interaction.agencyId)) throw interactionNotFinished(submission.interaction);
      const outcome = await handleCommand({
        store: this.store,
        decider: this.decider,
        streamId: surveyStreamIdOf(interaction),
        command: {
          type: 'SubmitSurvey',
          data: { ...submission, interaction, scores: submission.scores as never, respondent: (submission.respondent ?? null) as never },
          metadata: context,
        },
        metadata: { agencyId: interaction.agencyId, actor: context.actor, correlationId: context.correlationId, causationId: null },
        occurredAt: context.now,
        manager,
      });
      if (!outcome.accepted) throw rejectionProblem(outcome.rejection);
      const submitted = outcome.events[0] as SurveySubmitted;
      await saveSurveyView(manager, submitted.data);
      return submitted.data;
    });
  }

  /** A page of surveys, newest first; all agencies when agencyId is undefined. */
  async list(query: { agencyId?: string; after?: string; limit: number }): Promise<{ items: SurveyRow[]; next: string | null }> {
    const cursor = query.after ? decodeCursor(query.after) : null;
    const rows: Array<{ survey_id: string; interaction_kind: string; interaction_id: string; agency_id: string; service_code: string; finished_at: Date; scores: SkmScores; submitted_at: Date }> =
      await this.dataSource.query(
        `SELECT survey_id, interaction_kind, interaction_id, agency_id, service_code, finished_at, scores, submitted_at FROM surveys_view
          WHERE ($1::text IS NULL OR agency_id = $1)
            AND ($2::timestamptz IS NULL OR (submitted_at, survey_id) < ($2::timestamptz, $3::uuid))
          ORDER BY submitted_at DESC, survey_id DESC LIMIT $4`,
        [query.agencyId ?? null, cursor?.at ?? null, cursor?.id ?? null, query.limit + 1],
      );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        surveyId: row.survey_id,
        interaction: { kind: row.interaction_kind, id: row.interaction_id, agencyId: row.agency_id, serviceCode: row.service_code, finishedAt: row.finished_at.toISOString() },
        scores: row.scores,
        submittedAt: row.submitted_at.toISOString(),
      })),
      next: rows.length > query.limit && last ? encodeCursor({ at: last.submitted_at.toISOString(), id: last.survey_id }) : null,
    };
  }
}

async function saveSurveyView(manager: EntityManager, survey: SurveySubmitted['data']): Promise<void> {
  const { surveyId, interaction, scores, submittedAt } = survey;
  await manager.query(
    `INSERT INTO surveys_view (survey_id, interaction_kind, interaction_id, agency_id, service_code, finished_at, scores, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [surveyId, interaction.kind, interaction.id, interaction.agencyId, interaction.serviceCode, interaction.finishedAt, JSON.stringify(scores), submittedAt],
  );
}

function interactionNotFinished(interaction: { kind: string; id: string }): ProblemException {
  return new ProblemException(
    problem(404, {
      code: 'SURVEY.INTERACTION_NOT_FOUND',
      detail: `No finished ${interaction.kind} ${interaction.id}: a survey rates a closed complaint or an issued or rejected permit application.`,
      errors: [{ field: 'interaction.id', message: 'not a finished service interaction' }],
    }),
  );
}
