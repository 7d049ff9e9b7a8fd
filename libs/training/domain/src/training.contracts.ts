import { defineContract, Event, EventContract } from '@palembang/events/core';
import { CivilServantEvent, CivilServantRegistered } from './civil-servant/civil-servant';
import { CohortEvent, ParticipantEnrolled, ParticipantWaitlisted } from './cohort/cohort';
import { DevelopmentEvent } from './development/development';
import { InternPlaced, InternshipEvent } from './partners/internship';
import { PartnerEvent } from './partners/partner';
import { ResearchEvent } from './partners/research';
import { ProgramEvent } from './program/program';
import { TrainingRecommendationEvent } from './recommendation/training-recommendation';
import { isNip } from './shared/rules';

export type TrainingEvent = ProgramEvent | CohortEvent | DevelopmentEvent | PartnerEvent | InternshipEvent | ResearchEvent | TrainingRecommendationEvent | CivilServantEvent;

/**
 * A civil servant's name is personal data (UU 27/2022), sealed per civil servant. The NIP is an
 * official identifier used across government and stays in the clear as the pseudonymous key
 * (accountability counts civil servants by NIP): services must never log NIPs or names.
 */
export const CIVIL_SERVANT_PERSONAL_FIELDS = ['name'] as const;
export const subjectOfCivilServant = (nip: string): string => `civil-servant:${nip}`;

/** A student's name is personal data, sealed per student (their student number at the partner institution). */
export const STUDENT_PERSONAL_FIELDS = ['studentName'] as const;
export const subjectOfStudent = (studentId: string): string => `student:${studentId}`;

/**
 * The xAPI actor's name and mailbox (and the mailbox's hash and OpenID, which identify as well) are
 * personal data, sealed in the stored statement per subject: a civil servant (an Agent whose account name is a NIP) under
 * their `civil-servant:<nip>` subject, so forgetting them erases their statements' names too; any other
 * agent under `xapi-agent:<identifier>` (the mailbox, OpenID or account that identifies it).
 */
export const XAPI_ACTOR_PERSONAL_FIELDS = ['actor.name', 'actor.mbox', 'actor.mbox_sha1sum', 'actor.openid'] as const;
export const subjectOfXapiAgent = (identifier: string): string => `xapi-agent:${identifier}`;

/** The identifying parts of an xAPI Agent (or identified Group, `objectType: 'Group'`). */
export type XapiAgentIdentifier = Readonly<{ objectType?: string; mbox?: string; mbox_sha1sum?: string; openid?: string; account?: Readonly<{ homePage: string; name: string }> }>;

/**
 * The civil servant an xAPI actor is, or null: an Agent identified by an account whose name is a NIP.
 * Never a Group: in xAPI 1.0.3 (2.4.2.2) an Identified Group's identifier identifies the group itself,
 * not a member, so a Group whose account name is a NIP is an agent of its own (`xapi-agent:`). The one
 * test for sealing, linking and the store's agency check, so no actor is one thing to one and another
 * to the other (a Group naming another agency's NIP passed the check and was sealed as that person).
 */
export function civilServantNipOfXapiActor(actor: XapiAgentIdentifier): string | null {
  const name = actor.account?.name;
  return actor.objectType !== 'Group' && name !== undefined && isNip(name) ? name : null;
}

/** One comparable text per identified agent: `mbox:…`, `sha1:…`, `openid:…` or `account:<homePage>|<name>`; null without an identifier. */
export function xapiAgentKey(agent: XapiAgentIdentifier | undefined): string | null {
  if (!agent) return null;
  if (agent.mbox) return `mbox:${agent.mbox}`;
  if (agent.mbox_sha1sum) return `sha1:${agent.mbox_sha1sum.toLowerCase()}`;
  if (agent.openid) return `openid:${agent.openid}`;
  if (agent.account) return `account:${agent.account.homePage}|${agent.account.name}`;
  return null;
}

/** The subject a stored statement's actor is sealed under. */
export function subjectOfXapiActor(actor: XapiAgentIdentifier): string {
  const nip = civilServantNipOfXapiActor(actor);
  if (nip !== null) return subjectOfCivilServant(nip);
  return subjectOfXapiAgent(xapiAgentKey(actor) ?? 'anonymous-group');
}

/** Not an event: the contract under which the learning record store seals a statement before storing it. */
export const xapiStatementContract: EventContract = defineContract<Event<'XapiStatementStored', { actor: XapiAgentIdentifier }>>({
  type: 'XapiStatementStored',
  schemaVersion: 1,
  personalData: { subjectId: (statement) => subjectOfXapiActor(statement.actor), fields: XAPI_ACTOR_PERSONAL_FIELDS },
});

/** An enrolment is a case of the civil servant's employer (from the register), not of the organiser that sent it. */
const civilServant = {
  subjectId: (data: ParticipantEnrolled['data'] | ParticipantWaitlisted['data']) => subjectOfCivilServant(data.nip),
  fields: CIVIL_SERVANT_PERSONAL_FIELDS,
  agencyId: (data: ParticipantEnrolled['data'] | ParticipantWaitlisted['data']) => data.employerAgencyId,
};

/** One contract per event type; a new event type without a contract breaks the build here. */
const contracts: { readonly [Type in TrainingEvent['type']]: EventContract } = {
  ProgramCreated: { type: 'ProgramCreated', schemaVersion: 1 },
  ProgramUpdated: { type: 'ProgramUpdated', schemaVersion: 1 },
  ProgramRetired: { type: 'ProgramRetired', schemaVersion: 1 },
  CohortScheduled: { type: 'CohortScheduled', schemaVersion: 1 },
  ParticipantEnrolled: defineContract<ParticipantEnrolled>({ type: 'ParticipantEnrolled', schemaVersion: 1, personalData: civilServant }),
  ParticipantWaitlisted: defineContract<ParticipantWaitlisted>({ type: 'ParticipantWaitlisted', schemaVersion: 1, personalData: civilServant }),
  EnrolmentWithdrawn: { type: 'EnrolmentWithdrawn', schemaVersion: 1 },
  EnrolmentPromoted: { type: 'EnrolmentPromoted', schemaVersion: 1 },
  AttendanceRecorded: { type: 'AttendanceRecorded', schemaVersion: 1 },
  ParticipantCompleted: { type: 'ParticipantCompleted', schemaVersion: 1 },
  CohortCancelled: { type: 'CohortCancelled', schemaVersion: 1 },
  JpCredited: { type: 'JpCredited', schemaVersion: 1 },
  JpCreditRevoked: { type: 'JpCreditRevoked', schemaVersion: 1 },
  PartnerRegistered: { type: 'PartnerRegistered', schemaVersion: 1 },
  AgreementSigned: { type: 'AgreementSigned', schemaVersion: 1 },
  AgreementTerminated: { type: 'AgreementTerminated', schemaVersion: 1 },
  InternPlaced: defineContract<InternPlaced>({
    type: 'InternPlaced',
    schemaVersion: 1,
    personalData: { subjectId: (data) => subjectOfStudent(data.studentId), fields: STUDENT_PERSONAL_FIELDS },
  }),
  InternshipEvaluated: { type: 'InternshipEvaluated', schemaVersion: 1 },
  InternshipCompleted: { type: 'InternshipCompleted', schemaVersion: 1 },
  ResearchProposed: { type: 'ResearchProposed', schemaVersion: 1 },
  ResearchFindingsRecorded: { type: 'ResearchFindingsRecorded', schemaVersion: 1 },
  RecommendationAdded: { type: 'RecommendationAdded', schemaVersion: 1 },
  RecommendationAccepted: { type: 'RecommendationAccepted', schemaVersion: 1 },
  RecommendationRejected: { type: 'RecommendationRejected', schemaVersion: 1 },
  RecommendationImplemented: { type: 'RecommendationImplemented', schemaVersion: 1 },
  TargetedProgramsRecommended: { type: 'TargetedProgramsRecommended', schemaVersion: 1 },
  CivilServantRegistered: defineContract<CivilServantRegistered>({
    type: 'CivilServantRegistered',
    schemaVersion: 1,
    // The agency they serve at holds the case, not BKPSDM, which keeps the register for every agency.
    personalData: { subjectId: (data) => subjectOfCivilServant(data.nip), fields: CIVIL_SERVANT_PERSONAL_FIELDS, agencyId: (data) => data.agencyId },
  }),
  CivilServantTransferred: { type: 'CivilServantTransferred', schemaVersion: 1 },
};

/**
 * Every event contract of the training context, for the service's contract registry. The consumed
 * ServicePerformanceBelowStandard is not among them: see `servicePerformanceBelowStandardContract`.
 */
export const trainingEventContracts: readonly EventContract[] = Object.values(contracts);

export const TRAINING_EVENT_TYPES = Object.keys(contracts) as readonly TrainingEvent['type'][];

/** The personal-data subjects of the training context, by prefix. */
export const TRAINING_PERSONAL_DATA_SUBJECTS = { civilServant: 'civil-servant:', student: 'student:', xapiAgent: 'xapi-agent:' } as const;
