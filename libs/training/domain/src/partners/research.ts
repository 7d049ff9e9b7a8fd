import { assertNever, Command, CommandMetadata, Decider, Decision, Event, reject, Rejection } from '@palembang/events/core';
import { jakartaDateOf } from '@palembang/working-days';
import { BKPSDM_AGENCY, invalidInput, invalidTransition, isAgencyId, isId, rejectionCodes, required } from '../shared/rules';
import { AgreementTerms, agreementProblem } from './partner';

export type ResearchKind = 'satisfaction-study' | 'service-evaluation' | 'policy-study' | 'other';
export const RESEARCH_KINDS: readonly ResearchKind[] = ['satisfaction-study', 'service-evaluation', 'policy-study', 'other'];

/** Every event of a research project; `agencyId` is the agency studied, which answers the recommendations. */
export type ResearchRef = Readonly<{ projectId: string; agencyId: string; partnerId: string }>;

export type ResearchProposed = Event<'ResearchProposed', ResearchRef & { agreementId: string; title: string; kind: ResearchKind; proposedAt: string }>;
export type ResearchFindingsRecorded = Event<'ResearchFindingsRecorded', ResearchRef & { summary: string; recordedAt: string }>;
export type RecommendationAdded = Event<'RecommendationAdded', ResearchRef & { recommendationId: string; text: string; addedAt: string }>;
export type RecommendationAccepted = Event<'RecommendationAccepted', ResearchRef & { recommendationId: string; acceptedAt: string }>;
export type RecommendationRejected = Event<'RecommendationRejected', ResearchRef & { recommendationId: string; reason: string; rejectedAt: string }>;
export type RecommendationImplemented = Event<'RecommendationImplemented', ResearchRef & { recommendationId: string; note: string | null; implementedAt: string }>;

export type ResearchEvent = ResearchProposed | ResearchFindingsRecorded | RecommendationAdded | RecommendationAccepted | RecommendationRejected | RecommendationImplemented;

export type RecommendationStatus = 'open' | 'accepted' | 'rejected' | 'implemented';

type Known = ResearchRef & Readonly<{ agreementId: string; title: string; kind: ResearchKind }>;

export type ResearchProject =
  | Readonly<{ status: 'absent' }>
  | (Known & Readonly<{ status: 'proposed' }>)
  /** Findings recorded: recommendations are added and answered by the agency. */
  | (Known & Readonly<{ status: 'reported'; recommendations: Readonly<Record<string, RecommendationStatus>> }>);

export type ResearchStatus = ResearchProject['status'];

export const initialResearchProject = (): ResearchProject => ({ status: 'absent' });

const ANSWERS = { RecommendationAccepted: 'accepted', RecommendationRejected: 'rejected', RecommendationImplemented: 'implemented' } as const;

export function evolveResearchProject(state: ResearchProject, event: ResearchEvent): ResearchProject {
  switch (event.type) {
    case 'ResearchProposed': {
      const { projectId, agencyId, partnerId, agreementId, title, kind } = event.data;
      return { status: 'proposed', projectId, agencyId, partnerId, agreementId, title, kind };
    }
    case 'ResearchFindingsRecorded':
      return state.status === 'proposed' ? { ...state, status: 'reported', recommendations: {} } : state;
    case 'RecommendationAdded':
      return state.status === 'reported' ? { ...state, recommendations: { ...state.recommendations, [event.data.recommendationId]: 'open' } } : state;
    case 'RecommendationAccepted':
    case 'RecommendationRejected':
    case 'RecommendationImplemented':
      return state.status === 'reported' ? { ...state, recommendations: { ...state.recommendations, [event.data.recommendationId]: ANSWERS[event.type] } } : state;
    default:
      return assertNever(event);
  }
}

type Ref = { projectId: string };

/**
 * A partner proposes to study an agency's service (`agencyId`), under an agreement covering research
 * and in force today. The service passes the agreement's terms (null if unknown). Sent by the agency or BKPSDM.
 */
export type ProposeResearch = Command<'ProposeResearch', Ref & { partnerId: string; agreementId: string; agreement: AgreementTerms | null; agencyId: string; title: string; kind: ResearchKind }>;
export type RecordFindings = Command<'RecordFindings', Ref & { summary: string }>;
export type AddRecommendation = Command<'AddRecommendation', Ref & { recommendationId: string; text: string }>;
/** The agency studied answers an open recommendation. */
export type AcceptRecommendation = Command<'AcceptRecommendation', Ref & { recommendationId: string }>;
export type RejectRecommendation = Command<'RejectRecommendation', Ref & { recommendationId: string; reason: string }>;
/** Only an accepted recommendation is implemented. */
export type MarkRecommendationImplemented = Command<'MarkRecommendationImplemented', Ref & { recommendationId: string; note?: string | null }>;

export type ResearchCommand = ProposeResearch | RecordFindings | AddRecommendation | AcceptRecommendation | RejectRecommendation | MarkRecommendationImplemented;

/**
 * RESEARCH.NOT_FOUND and RESEARCH.RECOMMENDATION.NOT_FOUND 404; FORBIDDEN 403; INVALID_INPUT 400;
 * ALREADY_EXISTS, INVALID_TRANSITION, AGREEMENT_NOT_VALID, RECOMMENDATION_EXISTS and RECOMMENDATION_ANSWERED 409.
 */
export const ResearchRejectionCodes = {
  ...rejectionCodes('RESEARCH'),
  AGREEMENT_NOT_VALID: 'RESEARCH.AGREEMENT_NOT_VALID',
  RECOMMENDATION_NOT_FOUND: 'RESEARCH.RECOMMENDATION.NOT_FOUND',
  RECOMMENDATION_EXISTS: 'RESEARCH.RECOMMENDATION_EXISTS',
  RECOMMENDATION_ANSWERED: 'RESEARCH.RECOMMENDATION_ANSWERED',
} as const;
const Codes = ResearchRejectionCodes;

export type ResearchDecider = Decider<ResearchCommand, ResearchEvent, ResearchProject>;

/**
 *   absent --propose--> proposed --record findings--> reported --add recommendation--> (open)
 *   recommendation: open --accept--> accepted --mark implemented--> implemented; open --reject (reason)--> rejected
 *
 * The agency studied or BKPSDM proposes, records findings and adds recommendations; only the agency answers them.
 */
export function researchDecider(): ResearchDecider {
  function decide(command: ResearchCommand, state: ResearchProject): Decision<ResearchEvent> {
    const meta = command.metadata;
    if (command.type === 'ProposeResearch') return propose(command, state);
    if (state.status === 'absent') return reject(Codes.NOT_FOUND, `No research project ${command.data.projectId}`);
    const ref: ResearchRef = { projectId: state.projectId, agencyId: state.agencyId, partnerId: state.partnerId };
    switch (command.type) {
      case 'RecordFindings': {
        const refused = agencyOrBkpsdm(meta, state.agencyId);
        if (refused) return refused;
        if (state.status !== 'proposed') return invalidTransition(Codes, 'research project', state.status, command.type);
        const summary = required(command.data.summary, 8000);
        if (!summary) return invalidInput(Codes, 'summary', 'The summary of the findings is required (at most 8000 characters)');
        return [{ type: 'ResearchFindingsRecorded', data: { ...ref, summary, recordedAt: meta.now } }];
      }
      case 'AddRecommendation': {
        const refused = agencyOrBkpsdm(meta, state.agencyId);
        if (refused) return refused;
        if (state.status !== 'reported') return invalidTransition(Codes, 'research project', state.status, command.type);
        const { recommendationId } = command.data;
        if (!isId(recommendationId)) return invalidInput(Codes, 'recommendationId', 'The recommendation id is required');
        const text = required(command.data.text, 4000);
        if (!text) return invalidInput(Codes, 'text', 'The recommendation is required (at most 4000 characters)');
        if (state.recommendations[recommendationId]) return reject(Codes.RECOMMENDATION_EXISTS, `Recommendation ${recommendationId} was already added`);
        return [{ type: 'RecommendationAdded', data: { ...ref, recommendationId, text, addedAt: meta.now } }];
      }
      case 'AcceptRecommendation':
      case 'RejectRecommendation':
      case 'MarkRecommendationImplemented': {
        if (meta.agencyId !== state.agencyId) return reject(Codes.FORBIDDEN, `Only ${state.agencyId}, the agency studied, answers the recommendations`);
        if (state.status !== 'reported') return invalidTransition(Codes, 'research project', state.status, command.type);
        const { recommendationId } = command.data;
        const current = state.recommendations[recommendationId];
        if (!current) return reject(Codes.RECOMMENDATION_NOT_FOUND, `No recommendation ${recommendationId}`);
        const expected: RecommendationStatus = command.type === 'MarkRecommendationImplemented' ? 'accepted' : 'open';
        if (current !== expected) return reject(Codes.RECOMMENDATION_ANSWERED, `${command.type} needs an ${expected} recommendation; ${recommendationId} is ${current}`);
        if (command.type === 'AcceptRecommendation') return [{ type: 'RecommendationAccepted', data: { ...ref, recommendationId, acceptedAt: meta.now } }];
        if (command.type === 'RejectRecommendation') {
          const reason = required(command.data.reason, 2000);
          if (!reason) return invalidInput(Codes, 'reason', 'Say why the recommendation is rejected (at most 2000 characters)');
          return [{ type: 'RecommendationRejected', data: { ...ref, recommendationId, reason, rejectedAt: meta.now } }];
        }
        const note = command.data.note == null ? null : required(command.data.note, 2000) ?? null;
        return [{ type: 'RecommendationImplemented', data: { ...ref, recommendationId, note, implementedAt: meta.now } }];
      }
      default:
        return assertNever(command);
    }
  }

  function propose(command: ProposeResearch, state: ResearchProject): Decision<ResearchEvent> {
    if (state.status !== 'absent') return reject(Codes.ALREADY_EXISTS, `Research project ${command.data.projectId} already exists`);
    const { projectId, partnerId, agreementId, agreement, agencyId, kind } = command.data;
    const invalid = (field: string, message: string) => invalidInput(Codes, field, message);
    if (!isId(projectId)) return invalid('projectId', 'The project id is required');
    if (!isAgencyId(agencyId)) return invalid('agencyId', 'The agency studied is required');
    const refused = agencyOrBkpsdm(command.metadata, agencyId);
    if (refused) return refused;
    if (!isId(partnerId)) return invalid('partnerId', 'The partner id is required');
    const title = required(command.data.title, 300);
    if (!title) return invalid('title', 'The title is required (at most 300 characters)');
    if (!RESEARCH_KINDS.includes(kind)) return invalid('kind', `The kind must be one of ${RESEARCH_KINDS.join(', ')}`);
    if (!agreement || agreement.agreementId !== agreementId || agreement.partnerId !== partnerId) return invalid('agreementId', `Partner ${partnerId} has no agreement ${agreementId}`);
    const today = jakartaDateOf(command.metadata.now);
    const problem = agreementProblem(agreement, 'research', today, today);
    if (problem) return reject(Codes.AGREEMENT_NOT_VALID, problem.message);
    return [{ type: 'ResearchProposed', data: { projectId, agencyId, partnerId, agreementId, title, kind, proposedAt: command.metadata.now } }];
  }

  return { decide, evolve: evolveResearchProject, initialState: initialResearchProject };
}

function agencyOrBkpsdm(meta: CommandMetadata, agencyId: string): Rejection | undefined {
  return meta.agencyId === agencyId || meta.agencyId === BKPSDM_AGENCY ? undefined : reject(Codes.FORBIDDEN, 'Only the agency studied or BKPSDM may do this');
}
