/** The xAPI 1.0.3 Statement and its parts, with the specification's property names (xAPI-Data.md, part two). */

/** RFC 5646 language tag to text in that language. */
export type LanguageMap = Readonly<Record<string, string>>;
/** IRI keys to any JSON value. */
export type Extensions = Readonly<Record<string, unknown>>;

export type Account = Readonly<{ homePage: string; name: string }>;

/** The four inverse functional identifiers; an Agent or Identified Group carries exactly one. */
export const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
export type IfiKey = (typeof IFI_KEYS)[number];

type Identifiers = Readonly<{ mbox?: string; mbox_sha1sum?: string; openid?: string; account?: Account }>;

/** objectType is optional except when the Agent is a Statement's object. */
export type Agent = Identifiers & Readonly<{ objectType?: 'Agent'; name?: string }>;
/** Anonymous (member, no identifier) or Identified (exactly one identifier, members optional). */
export type Group = Identifiers & Readonly<{ objectType: 'Group'; name?: string; member?: readonly Agent[] }>;
export type Actor = Agent | Group;

export type Verb = Readonly<{ id: string; display?: LanguageMap }>;

export const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];
export type InteractionComponent = Readonly<{ id: string; description?: LanguageMap }>;

export type ActivityDefinition = Readonly<{
  name?: LanguageMap;
  description?: LanguageMap;
  type?: string;
  moreInfo?: string;
  extensions?: Extensions;
  interactionType?: InteractionType;
  correctResponsesPattern?: readonly string[];
  choices?: readonly InteractionComponent[];
  scale?: readonly InteractionComponent[];
  source?: readonly InteractionComponent[];
  target?: readonly InteractionComponent[];
  steps?: readonly InteractionComponent[];
}>;

export type Activity = Readonly<{ objectType?: 'Activity'; id: string; definition?: ActivityDefinition }>;
export type StatementRef = Readonly<{ objectType: 'StatementRef'; id: string }>;

export type Score = Readonly<{ scaled?: number; raw?: number; min?: number; max?: number }>;
export type Result = Readonly<{
  score?: Score;
  success?: boolean;
  completion?: boolean;
  response?: string;
  /** ISO 8601 duration, compared as a string (to 0.01 s). */
  duration?: string;
  extensions?: Extensions;
}>;

export const CONTEXT_ACTIVITY_KINDS = ['parent', 'grouping', 'category', 'other'] as const;
export type ContextActivityKind = (typeof CONTEXT_ACTIVITY_KINDS)[number];
/** A single Activity is accepted on input (0.95 compatibility); prepareForStorage turns every value into an array. */
export type ContextActivities = Readonly<Partial<Record<ContextActivityKind, Activity | readonly Activity[]>>>;

export type Context = Readonly<{
  registration?: string;
  instructor?: Actor;
  team?: Group;
  contextActivities?: ContextActivities;
  revision?: string;
  platform?: string;
  language?: string;
  statement?: StatementRef;
  extensions?: Extensions;
}>;

export type Attachment = Readonly<{
  usageType: string;
  display: LanguageMap;
  description?: LanguageMap;
  contentType: string;
  length: number;
  sha2: string;
  fileUrl?: string;
}>;

/** The object of a SubStatement: anything but another SubStatement. An Agent as object names its objectType. */
export type SubStatementObject = Activity | (Agent & Readonly<{ objectType: 'Agent' }>) | Group | StatementRef;

export type SubStatement = Readonly<{
  objectType: 'SubStatement';
  actor: Actor;
  verb: Verb;
  object: SubStatementObject;
  result?: Result;
  context?: Context;
  timestamp?: string;
  attachments?: readonly Attachment[];
}>;

export type StatementObject = SubStatementObject | SubStatement;

export type Statement = Readonly<{
  id?: string;
  actor: Actor;
  verb: Verb;
  object: StatementObject;
  result?: Result;
  context?: Context;
  timestamp?: string;
  stored?: string;
  authority?: Actor;
  version?: string;
  attachments?: readonly Attachment[];
}>;

/** A Statement as the LRS keeps and returns it: the properties the LRS assigns are always present. */
export type StoredStatement = Statement & Readonly<{ id: string; timestamp: string; stored: string; authority: Agent; version: string }>;

/** GET statements with neither statementId nor voidedStatementId. more is '' when there is nothing further. */
export type StatementResult = Readonly<{ statements: readonly StoredStatement[]; more: string }>;

export const VERB_VOIDED = 'http://adlnet.gov/expapi/verbs/voided';
export const VERB_COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
export const VERB_PASSED = 'http://adlnet.gov/expapi/verbs/passed';

export function isGroup(actor: Actor): actor is Group {
  return actor.objectType === 'Group';
}

export function isActivity(object: StatementObject): object is Activity {
  return object.objectType === undefined || object.objectType === 'Activity';
}
