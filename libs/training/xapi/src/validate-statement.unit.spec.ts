import { Parsed } from './result';
import {
  LMS_COMPLETION, SPEC_ATTACHMENT, SPEC_CHOICE_DEFINITION, SPEC_GROUP_OBJECT, SPEC_LONG, SPEC_MINIMAL, SPEC_SUB_STATEMENT, SPEC_VOIDING,
  SPEC_WITH_RESULT, edited,
} from './testing/spec-examples';
import { validateStatement } from './validate-statement';

function problemsOf(result: Parsed<unknown>): readonly string[] {
  if (result.ok) throw new Error('expected the Statement to be refused');
  return result.errors;
}

describe('validateStatement accepts the specification examples', () => {
  it.each([
    ['the minimal Statement', SPEC_MINIMAL],
    ['the Statement with a result', SPEC_WITH_RESULT],
    ['the long Statement with group, result, context, authority and version', SPEC_LONG],
    ['the voiding Statement', SPEC_VOIDING],
    ['the SubStatement', SPEC_SUB_STATEMENT],
    ['a completion from the LMS', LMS_COMPLETION],
  ])('%s', (_, example) => {
    expect(validateStatement(example)).toEqual({ ok: true, value: example });
  });

  it.each(['1.0', '1.0.0', '1.0.3', '1.0.12'])('a version %s, as sent', (version) => {
    const statement = { ...SPEC_MINIMAL, version };
    expect(validateStatement(statement)).toEqual({ ok: true, value: statement });
  });

  it.each(['+00:00', '+0000', '+00', 'Z'])('a timestamp with the zero offset %s', (offset) => {
    expect(validateStatement({ ...SPEC_MINIMAL, timestamp: `2015-12-18T12:17:00${offset}` }).ok).toBe(true);
  });

  it.each([
    ['an anonymous Group of the application and the user (the OAuth example)', { objectType: 'Group', member: [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, { mbox: 'mailto:bob@example.com' }] }],
    ['an identified Group of two Agents', { objectType: 'Group', account: { homePage: 'https://lms.palembang.go.id', name: 'moodle+budi' }, member: [{ account: { homePage: 'https://lms.palembang.go.id/oauth/token', name: 'moodle' } }, { mbox: 'mailto:budi@palembang.go.id' }] }],
  ])('an authority that is %s', (_, authority) => {
    expect(validateStatement({ ...SPEC_MINIMAL, authority }).ok).toBe(true);
  });

  it('an Identified Group as object', () => {
    expect(validateStatement({ ...SPEC_MINIMAL, object: SPEC_GROUP_OBJECT }).ok).toBe(true);
  });

  it('a choice interaction and an attachment', () => {
    const statement = edited(SPEC_MINIMAL, (s) => {
      s.object.definition = SPEC_CHOICE_DEFINITION;
      s.attachments = [SPEC_ATTACHMENT];
    });
    expect(validateStatement(statement).ok).toBe(true);
  });

  it('contextActivities given as a single Activity (0.95 compatibility)', () => {
    const statement = edited(SPEC_MINIMAL, (s) => (s.context = { contextActivities: { parent: { id: 'http://example.com/course' } } }));
    expect(validateStatement(statement).ok).toBe(true);
  });

  it('extension values that are null', () => {
    const statement = edited(SPEC_MINIMAL, (s) => (s.result = { extensions: { 'http://example.com/ext': null } }));
    expect(validateStatement(statement).ok).toBe(true);
  });
});

describe('validateStatement refuses, naming the path', () => {
  const cases: [string, unknown, string][] = [
    ['a body that is not an object', [], 'statement must be an object'],
    ['a missing actor', edited(SPEC_MINIMAL, (s) => delete s.actor), 'actor is required'],
    ['a missing verb', edited(SPEC_MINIMAL, (s) => delete s.verb), 'verb is required'],
    ['a missing object', edited(SPEC_MINIMAL, (s) => delete s.object), 'object is required'],
    ['an id that is not a UUID', edited(SPEC_MINIMAL, (s) => (s.id = 'abc')), 'id must be a UUID in standard string form'],
    ['an extra top-level property', edited(SPEC_MINIMAL, (s) => (s.voided = false)), 'voided is not allowed'],
    ['a key in the wrong case', edited(SPEC_MINIMAL, (s) => ((s.Actor = s.actor), delete s.actor)), 'Actor is not allowed (property names are case sensitive: actor)'],
    ['a null value', edited(SPEC_MINIMAL, (s) => (s.result = null)), 'result must not be null'],
    ['an actor without identifier', edited(SPEC_MINIMAL, (s) => (s.actor = { name: 'x' })), 'actor must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account), not 0'],
    [
      'an actor with two identifiers',
      edited(SPEC_MINIMAL, (s) => (s.actor.openid = 'http://openid.example.org/x')),
      'actor must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account), not 2',
    ],
    ['an mbox without mailto', edited(SPEC_MINIMAL, (s) => (s.actor.mbox = 'xapi@adlnet.gov')), 'actor.mbox must be a mailto IRI (mailto:name@example.com)'],
    ['a bad mbox_sha1sum', edited(SPEC_MINIMAL, (s) => (s.actor = { mbox_sha1sum: 'xyz' })), 'actor.mbox_sha1sum must be a hex-encoded SHA-1 hash'],
    ['an account homePage that is not an IRL', edited(LMS_COMPLETION, (s) => (s.actor.account.homePage = 'simpeg')), 'actor.account.homePage must be an IRL'],
    ['an account without name', edited(LMS_COMPLETION, (s) => delete s.actor.account.name), 'actor.account.name is required'],
    ['an actor of unknown objectType', edited(SPEC_MINIMAL, (s) => (s.actor.objectType = 'Person')), 'actor.objectType must be Agent or Group'],
    ['an anonymous Group without members', edited(SPEC_MINIMAL, (s) => (s.actor = { objectType: 'Group', name: 'ad hoc' })), 'actor.member is required'],
    [
      'a Group inside a Group',
      edited(SPEC_MINIMAL, (s) => (s.actor = { objectType: 'Group', member: [{ objectType: 'Group', member: [] }] })),
      'actor.member[0] must be an Agent: a Group cannot contain Groups',
    ],
    ['a verb id that is not an IRI', edited(SPEC_MINIMAL, (s) => (s.verb.id = 'created')), 'verb.id must be an IRI'],
    ['a display with a bad language tag', edited(SPEC_MINIMAL, (s) => (s.verb.display = { en_US: 'created' })), 'verb.display has a key that is not an RFC 5646 language tag: "en_US"'],
    ['a display value that is not a string', edited(SPEC_MINIMAL, (s) => (s.verb.display = { en: 1 })), 'verb.display["en"] must be a string'],
    ['an Activity id that is not an IRI', edited(SPEC_MINIMAL, (s) => (s.object.id = 'activity 1')), 'object.id must be an IRI'],
    ['an Agent object without objectType', edited(SPEC_MINIMAL, (s) => (s.object = { mbox: 'mailto:a@example.com' })), 'object.objectType is required when the object is an Agent or Group'],
    ['an unknown object type', edited(SPEC_MINIMAL, (s) => (s.object.objectType = 'Thing')), 'object.objectType must be Activity, Agent, Group, StatementRef or SubStatement'],
    ['a StatementRef without UUID', edited(SPEC_VOIDING, (s) => (s.object.id = 'http://example.com/1')), 'object.id must be a UUID in standard string form'],
    ['a nested SubStatement', edited(SPEC_SUB_STATEMENT, (s) => (s.object.object = { ...s.object })), 'object.object must not be a SubStatement: SubStatements cannot be nested'],
    ['a SubStatement with an id', edited(SPEC_SUB_STATEMENT, (s) => (s.object.id = SPEC_MINIMAL.id)), 'object.id is not allowed'],
    ['a SubStatement with a version', edited(SPEC_SUB_STATEMENT, (s) => (s.object.version = '1.0.0')), 'object.version is not allowed'],
    ['a voiding Statement whose object is an Activity', edited(SPEC_VOIDING, (s) => (s.object = { id: 'http://example.com/a' })), 'object must be a StatementRef when the verb is http://adlnet.gov/expapi/verbs/voided'],
    ['a moreInfo that is not an IRL', edited(SPEC_LONG, (s) => (s.object.definition.moreInfo = 'urn:x:1')), 'object.definition.moreInfo must be an IRL'],
    ['an unknown interactionType', edited(SPEC_MINIMAL, (s) => (s.object.definition = { interactionType: 'essay' })), 'object.definition.interactionType must be one of true-false, choice, fill-in, long-fill-in, matching, performance, sequencing, likert, numeric, other'],
    ['interaction properties without interactionType', edited(SPEC_MINIMAL, (s) => (s.object.definition = { correctResponsesPattern: ['a'] })), 'object.definition.interactionType is required for an interaction Activity'],
    ['repeated interaction component ids', edited(SPEC_MINIMAL, (s) => (s.object.definition = { ...SPEC_CHOICE_DEFINITION, choices: [{ id: 'a' }, { id: 'a' }] })), 'object.definition.choices[1].id repeats "a": ids within choices must be distinct'],
    ['a component list the interactionType does not support', edited(SPEC_MINIMAL, (s) => (s.object.definition = { interactionType: 'true-false', choices: [] })), 'object.definition.choices is not allowed for interactionType true-false'],
    ['a scaled score above 1', edited(SPEC_WITH_RESULT, (s) => (s.result.score.scaled = 1.5)), 'result.score.scaled must be between -1 and 1'],
    ['a scaled score below -1', edited(SPEC_WITH_RESULT, (s) => (s.result.score.scaled = -1.01)), 'result.score.scaled must be between -1 and 1'],
    ['a score given as a string', edited(SPEC_WITH_RESULT, (s) => (s.result.score.scaled = '0.95')), 'result.score.scaled must be a number (not a string)'],
    ['min not below max', edited(SPEC_WITH_RESULT, (s) => (s.result.score = { min: 10, max: 10 })), 'result.score.min must be less than result.score.max'],
    ['raw below min', edited(SPEC_WITH_RESULT, (s) => (s.result.score = { raw: -1, min: 0 })), 'result.score.raw must not be less than result.score.min'],
    ['raw above max', edited(SPEC_WITH_RESULT, (s) => (s.result.score = { raw: 101, max: 100 })), 'result.score.raw must not be greater than result.score.max'],
    ['success given as a string', edited(SPEC_WITH_RESULT, (s) => (s.result.success = 'true')), 'result.success must be true or false (not a string)'],
    ['a duration that is not ISO 8601', edited(SPEC_WITH_RESULT, (s) => (s.result.duration = '20 minutes')), 'result.duration must be an ISO 8601 duration (e.g. PT4H35M59.14S)'],
    ['an unknown result property', edited(SPEC_WITH_RESULT, (s) => (s.result.grade = 'A')), 'result.grade is not allowed'],
    ['a registration that is not a UUID', edited(SPEC_LONG, (s) => (s.context.registration = '42')), 'context.registration must be a UUID in standard string form'],
    ['a team that is not a Group', edited(SPEC_LONG, (s) => (s.context.team = { mbox: 'mailto:team@example.com' })), 'context.team must be a Group (objectType Group)'],
    ['an unknown contextActivities key', edited(SPEC_LONG, (s) => (s.context.contextActivities.sibling = [])), 'context.contextActivities.sibling is not allowed'],
    ['a platform when the object is not an Activity', edited(SPEC_VOIDING, (s) => (s.context = { platform: 'Moodle' })), 'context.platform is only allowed when the object is an Activity'],
    ['a revision when the object is an Agent', edited(SPEC_MINIMAL, (s) => ((s.object = { objectType: 'Agent', mbox: 'mailto:a@example.com' }), (s.context = { revision: '2' }))), 'context.revision is only allowed when the object is an Activity'],
    ['a context language that is not a tag', edited(SPEC_LONG, (s) => (s.context.language = 'Bahasa Indonesia')), 'context.language must be an RFC 5646 language tag'],
    ['a context statement that is not a StatementRef', edited(SPEC_LONG, (s) => (s.context.statement = { objectType: 'SubStatement', id: SPEC_LONG.id })), 'context.statement.objectType must be StatementRef'],
    ['an extension key that is not an IRI', edited(SPEC_LONG, (s) => (s.result.extensions = { minutes: 'x' })), 'result.extensions has a key that is not an IRI: "minutes"'],
    ['a timestamp without time zone', edited(SPEC_WITH_RESULT, (s) => (s.timestamp = '2015-12-18T12:17:00')), 'timestamp must be an ISO 8601 timestamp with time zone'],
    ['a timestamp on no calendar', edited(SPEC_WITH_RESULT, (s) => (s.timestamp = '2015-02-30T12:17:00Z')), 'timestamp must be an ISO 8601 timestamp with time zone'],
    ['a stored that is not a timestamp', edited(SPEC_LONG, (s) => (s.stored = 'yesterday')), 'stored must be an ISO 8601 timestamp with time zone'],
    ['a version that does not start with 1.0.', edited(SPEC_LONG, (s) => (s.version = '2.0.0')), 'version must be a 1.0.x version (e.g. 1.0.0)'],
    ['a version 1.1', edited(SPEC_LONG, (s) => (s.version = '1.1')), 'version must be a 1.0.x version (e.g. 1.0.0)'],
    ['a version 1.0.x with a leading zero', edited(SPEC_LONG, (s) => (s.version = '1.0.03')), 'version must be a 1.0.x version (e.g. 1.0.0)'],
    ...['-00', '-0000', '-00:00'].map((offset): [string, unknown, string] => [
      `a timestamp with the negative zero offset ${offset}`, edited(SPEC_WITH_RESULT, (s) => (s.timestamp = `2015-12-18T12:17:00${offset}`)), 'timestamp must be an ISO 8601 timestamp with time zone',
    ]),
    ['a SubStatement timestamp with a negative zero offset', edited(SPEC_SUB_STATEMENT, (s) => (s.object.timestamp = '2015-12-18T12:17:00-00:00')), 'object.timestamp must be an ISO 8601 timestamp with time zone'],
    ['an authority Group of three Agents', edited(SPEC_LONG, (s) => (s.authority = { ...SPEC_LONG.actor, mbox: undefined, member: SPEC_LONG.actor.member })), 'authority must be an Agent, or a Group of exactly two Agents'],
    ['an authority Group of one Agent', edited(SPEC_MINIMAL, (s) => (s.authority = { objectType: 'Group', mbox: 'mailto:g@example.com', member: [{ mbox: 'mailto:a@example.com' }] })), 'authority must be an Agent, or a Group of exactly two Agents'],
    ['an authority Group without members', edited(SPEC_MINIMAL, (s) => (s.authority = { objectType: 'Group', mbox: 'mailto:g@example.com' })), 'authority must be an Agent, or a Group of exactly two Agents'],
    ['an authority Group holding a Group', edited(SPEC_MINIMAL, (s) => (s.authority = { objectType: 'Group', mbox: 'mailto:g@example.com', member: [{ mbox: 'mailto:a@example.com' }, { objectType: 'Group', mbox: 'mailto:h@example.com' }] })), 'authority.member[1] must be an Agent: a Group cannot contain Groups'],
    ['an attachment without sha2', edited(SPEC_MINIMAL, (s) => (s.attachments = [{ ...SPEC_ATTACHMENT, sha2: undefined }])), 'attachments[0].sha2 is required'],
    ['an attachment with a negative length', edited(SPEC_MINIMAL, (s) => (s.attachments = [{ ...SPEC_ATTACHMENT, length: -1 }])), 'attachments[0].length must be a non-negative integer'],
    ['an attachment without display', edited(SPEC_MINIMAL, (s) => (s.attachments = [{ ...SPEC_ATTACHMENT, display: undefined }])), 'attachments[0].display is required'],
  ];

  it.each(cases)('%s', (_, statement, problem) => {
    expect(problemsOf(validateStatement(statement))).toContain(problem);
  });

  it('reports every problem at once', () => {
    const statement = edited(SPEC_WITH_RESULT, (s) => ((s.verb.id = 'x'), (s.result.score.scaled = 2), (s.extra = 1)));
    expect(problemsOf(validateStatement(statement))).toHaveLength(3);
  });

  it('reports at most 50 problems', () => {
    const extra = Object.fromEntries(Array.from({ length: 80 }, (_, index) => [`p${index}`, 1]));
    expect(problemsOf(validateStatement({ ...SPEC_MINIMAL, ...extra }))).toHaveLength(50);
  });
});
