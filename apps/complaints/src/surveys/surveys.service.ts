import { Inject, Injectable } from '@nestjs/common';
import { SqlStatement } from '@palembang/events';
import { KeysetPosition, Page, pageOf, problem, ProblemException } from '@palembang/http';
import { CommandContext, commandMetadataOf, CommandRunner } from '@palembang/platform';
import { SkmScores, SurveyDecider, SurveySubmitted, surveyStreamIdOf } from '@palembang/satisfaction';
import { DataSource } from 'typeorm';
import { findFinishedInteractionByTrackingCode } from './finished-interactions';

export const SURVEY_DECIDER = Symbol('SURVEY_DECIDER');

export type SurveySubmission = Readonly<{
  surveyId: string;
  /** The citizen's proof: the tracking code of the finished case. */
  trackingCode: string;
  scores: Record<string, unknown>;
  respondent?: Record<string, unknown> | null;
  suggestion?: string | null;
}>;

/** A survey response as the rated agency may read it: no survey or case id, the month instead of the time. */
export type SurveyResponseRow = Readonly<{
  service: { kind: string; agencyId: string; serviceCode: string };
  month: string;
  scores: SkmScores;
}>;

/** Satisfaction surveys (SKM): one per finished service interaction, event-sourced like complaints. */
@Injectable()
export class SurveysService {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SURVEY_DECIDER) private readonly decider: SurveyDecider,
  ) {}

  /**
   * The tracking code must name a finished interaction (404 otherwise, like an unknown code:
   * whose case it is stays hidden); the survey rules refuse the rated agency itself (403),
   * judge the scores (400) and allow one survey per interaction (409).
   */
  async submit(submission: SurveySubmission, sender: CommandContext): Promise<SurveySubmitted['data']> {
    return this.dataSource.transaction(async (manager) => {
      const interaction = await findFinishedInteractionByTrackingCode(manager, submission.trackingCode);
      if (!interaction) throw interactionNotFinished();
      const { surveyId, scores, respondent, suggestion } = submission;
      // The command carries the sender's agency (the rated agency cannot rate itself); the envelope
      // names the rated agency, whose survey it is. A second survey of the interaction is a 409, never retried.
      const command = {
        type: 'SubmitSurvey' as const,
        data: { surveyId, interaction, scores: scores as never, respondent: (respondent ?? null) as never, suggestion },
        metadata: commandMetadataOf(sender),
      };
      const { events } = await this.runner.executeIn(manager, this.decider, command, { ...sender, agencyId: interaction.agencyId }, {
        streamId: surveyStreamIdOf(interaction),
        projection: (outcome) => [surveyViewInsert((outcome.events[0] as SurveySubmitted).data)],
      });
      return (events[0] as SurveySubmitted).data;
    });
  }

  /**
   * A page of survey responses, newest month first (within a month in no meaningful order),
   * all agencies when agencyId is undefined. Nothing in a row ties it to a case or a citizen.
   */
  async list(query: { agencyId?: string; after: KeysetPosition | null; limit: number }): Promise<Page<SurveyResponseRow>> {
    const cursor = query.after;
    const rows: Array<{ survey_id: string; interaction_kind: string; agency_id: string; service_code: string; month_start: Date; month: string; scores: SkmScores }> = await this.dataSource.query(
      `SELECT survey_id, interaction_kind, agency_id, service_code, month_start, to_char(month_start AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS month, scores
         FROM (SELECT *, date_trunc('month', submitted_at, 'Asia/Jakarta') AS month_start FROM surveys_view
                WHERE ($1::text IS NULL OR agency_id = $1)) surveys
        WHERE ($2::timestamptz IS NULL OR (month_start, survey_id) < ($2::timestamptz, $3::uuid))
        ORDER BY month_start DESC, survey_id DESC LIMIT $4`,
      [query.agencyId ?? null, cursor?.at ?? null, cursor?.id ?? null, query.limit + 1],
    );
    return pageOf(
      rows,
      query.limit,
      (row) => ({ service: { kind: row.interaction_kind, agencyId: row.agency_id, serviceCode: row.service_code }, month: row.month, scores: row.scores }),
      // The cursor holds the month and a random survey id: neither ties a row to a case.
      (row) => ({ at: row.month_start.toISOString(), id: row.survey_id }),
    );
  }
}

function surveyViewInsert(survey: SurveySubmitted['data']): SqlStatement {
  const { surveyId, interaction, scores, submittedAt } = survey;
  return {
    sql: `INSERT INTO surveys_view (survey_id, interaction_kind, interaction_id, agency_id, service_code, finished_at, scores, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    parameters: [surveyId, interaction.kind, interaction.id, interaction.agencyId, interaction.serviceCode, interaction.finishedAt, JSON.stringify(scores), submittedAt],
  };
}

function interactionNotFinished(): ProblemException {
  return new ProblemException(
    problem(404, {
      code: 'SURVEY.INTERACTION_NOT_FOUND',
      detail: 'No finished case has this tracking code: a survey rates a closed complaint or an issued or rejected permit application.',
      errors: [{ field: 'trackingCode', message: 'not the tracking code of a finished complaint or permit application' }],
    }),
  );
}
