import { assertNever, Decider, Decision, isRejection, reject, Rejection } from '@palembang/events/core';
import { RESPONDENT_PROFILE_VALUES, RespondentProfile } from '../skm/respondent-profile';
import { isSkmScore, SKM_ELEMENT_CODES, SKM_ELEMENTS, SkmScores } from '../skm/skm-elements';
import { INTERACTION_KINDS, ServiceInteraction, Survey, SurveyEvent, evolveSurvey, initialSurvey } from './survey';
import { MAX_SUGGESTION_LENGTH, SubmitSurvey, SurveyCommand, SurveyRejectionCodes as Codes } from './survey.commands';

export type SurveyDecider = Decider<SurveyCommand, SurveyEvent, Survey>;

const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_ID_LENGTH = 200;

/** One survey per finished interaction, never by the rated agency: absent --submit--> submitted, and nothing after. */
export const surveyDecider: SurveyDecider = {
  decide(command: SurveyCommand, state: Survey): Decision<SurveyEvent> {
    switch (command.type) {
      case 'SubmitSurvey':
        return submit(command, state);
      default:
        return assertNever(command.type);
    }
  },
  evolve: evolveSurvey,
  initialState: initialSurvey,
};

function submit(command: SubmitSurvey, state: Survey): Decision<SurveyEvent> {
  const { surveyId, interaction, scores, respondent, suggestion } = command.data;
  if (typeof interaction === 'object' && interaction !== null && interaction.agencyId === command.metadata.agencyId) {
    return reject(Codes.FORBIDDEN, 'An agency cannot rate its own service: the citizen rates it, through the citizen portal, with the tracking code of the finished case');
  }
  if (state.status !== 'absent') {
    return reject(Codes.ALREADY_SUBMITTED, `The ${state.interaction.kind} ${state.interaction.id} was already rated (survey ${state.surveyId})`);
  }
  if (!isText(surveyId)) return invalid('surveyId', 'The survey id is required');
  const interactionProblem = interactionProblemOf(interaction, command.metadata.now);
  if (interactionProblem) return interactionProblem;
  const checkedScores = scoresOf(scores);
  if (isRejection(checkedScores)) return checkedScores;
  const profile = profileOf(respondent);
  if (isRejection(profile)) return profile;
  const text = suggestionOf(suggestion);
  if (isRejection(text)) return text;
  const { kind, id, agencyId, serviceCode, finishedAt } = interaction;
  return [{
    type: 'SurveySubmitted',
    data: {
      surveyId,
      interaction: { kind, id, agencyId, serviceCode, finishedAt },
      scores: checkedScores,
      respondent: profile,
      suggestion: text,
      submittedAt: command.metadata.now,
    },
  }];
}

function interactionProblemOf(interaction: ServiceInteraction, now: string): Rejection | undefined {
  if (typeof interaction !== 'object' || interaction === null) return invalid('interaction', 'The rated interaction is required');
  if (!(INTERACTION_KINDS as readonly unknown[]).includes(interaction.kind)) return invalid('interaction.kind', `The interaction kind must be one of ${INTERACTION_KINDS.join(', ')}`);
  if (!isText(interaction.id)) return invalid('interaction.id', `The interaction id is required (at most ${MAX_ID_LENGTH} characters)`);
  if (typeof interaction.agencyId !== 'string' || !AGENCY_ID.test(interaction.agencyId)) return invalid('interaction.agencyId', 'The agency id must be 2-64 lower case letters, digits or dashes');
  if (!isText(interaction.serviceCode)) return invalid('interaction.serviceCode', 'The service code (complaint category or permit type) is required');
  const finishedAt = instantOf(interaction.finishedAt);
  if (finishedAt === undefined) return invalid('interaction.finishedAt', 'The finishing time must be an ISO 8601 date-time with an offset');
  const accepted = instantOf(now);
  if (accepted === undefined) throw new Error(`Command metadata carries an unusable time: ${now}`);
  if (finishedAt > accepted) return invalid('interaction.finishedAt', 'The interaction cannot be rated before it finished');
  return undefined;
}

function scoresOf(scores: unknown): SkmScores | Rejection {
  if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) return invalid('scores', 'The nine element scores U1-U9 are required');
  const unknown = Object.keys(scores).find((key) => !(SKM_ELEMENT_CODES as readonly string[]).includes(key));
  if (unknown !== undefined) return invalid(`scores.${unknown}`, `${unknown} is not an SKM element (U1-U9)`);
  const given = scores as Record<string, unknown>;
  for (const element of SKM_ELEMENTS) {
    if (!isSkmScore(given[element.code])) return invalid(`scores.${element.code}`, `${element.code} (${element.id}) must be a whole score from 1 to 4`);
  }
  return Object.fromEntries(SKM_ELEMENT_CODES.map((code) => [code, given[code]])) as SkmScores;
}

function profileOf(respondent: unknown): RespondentProfile | null | Rejection {
  if (respondent === undefined || respondent === null) return null;
  if (typeof respondent !== 'object' || Array.isArray(respondent)) return invalid('respondent', 'The respondent profile must be an object');
  const given = respondent as Record<string, unknown>;
  const unknown = Object.keys(given).find((key) => !Object.hasOwn(RESPONDENT_PROFILE_VALUES, key));
  if (unknown !== undefined) return invalid(`respondent.${unknown}`, 'The respondent profile holds age group, gender, education and occupation only: never names or contact details');
  const profile: Record<string, unknown> = {};
  for (const [field, allowed] of Object.entries(RESPONDENT_PROFILE_VALUES)) {
    const value = given[field] ?? null;
    if (value !== null && !allowed.includes(value as string)) return invalid(`respondent.${field}`, `${field} must be one of ${allowed.join(', ')}`);
    profile[field] = value;
  }
  return Object.values(profile).every((value) => value === null) ? null : (profile as RespondentProfile);
}

function suggestionOf(suggestion: unknown): string | null | Rejection {
  if (suggestion === undefined || suggestion === null) return null;
  if (typeof suggestion !== 'string') return invalid('suggestion', 'The suggestion must be text');
  const text = suggestion.trim();
  // Counted in characters (code points), as a person counts them, not UTF-16 units.
  if ([...text].length > MAX_SUGGESTION_LENGTH) return invalid('suggestion', `The suggestion may be at most ${MAX_SUGGESTION_LENGTH} characters`);
  return text.length > 0 ? text : null;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_ID_LENGTH;
}

/** Milliseconds since the epoch of an ISO 8601 date-time with offset; undefined when it is not one. */
function instantOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return undefined;
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined; // Date.parse rolls 30 February over
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? undefined : instant;
}

function invalid(field: string, message: string): Rejection {
  return reject(Codes.INVALID_INPUT, message, field);
}
