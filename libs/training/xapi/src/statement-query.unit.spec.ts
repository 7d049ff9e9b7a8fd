import { Parsed } from './result';
import { STATEMENT_QUERY_LIMITS, StatementQuery, StatementSearch, moreLink, parseStatementQuery } from './statement-query';

const ID = '6690e6c9-3ef0-4ed3-8b37-7f3964730bee';
const AGENT = { objectType: 'Agent', account: { homePage: 'https://simpeg.palembang.go.id', name: '198503122010012003' } };

function problemsOf(result: Parsed<StatementQuery>): readonly string[] {
  if (result.ok) throw new Error('expected the query to be refused');
  return result.errors;
}

function searchOf(result: Parsed<StatementQuery>): StatementSearch {
  if (!result.ok || result.value.kind !== 'search') throw new Error(`expected a search, got ${JSON.stringify(result)}`);
  return result.value;
}

describe('parseStatementQuery: a single Statement', () => {
  it('by statementId or voidedStatementId, with format and attachments', () => {
    expect(parseStatementQuery({ statementId: ID.toUpperCase() })).toEqual({ ok: true, value: { kind: 'single', statementId: ID, voided: false, format: 'exact', attachments: false } });
    expect(parseStatementQuery({ voidedStatementId: ID, format: 'ids', attachments: 'true' })).toEqual({
      ok: true,
      value: { kind: 'single', statementId: ID, voided: true, format: 'ids', attachments: true },
    });
  });

  it('refuses both ids together, other parameters beside them, and a malformed id', () => {
    expect(problemsOf(parseStatementQuery({ statementId: ID, voidedStatementId: ID }))).toContain('statementId and voidedStatementId cannot be combined');
    expect(problemsOf(parseStatementQuery({ statementId: ID, verb: 'http://adlnet.gov/expapi/verbs/completed', limit: '1' }))).toEqual([
      'statementId can only be combined with format and attachments, not verb, limit',
    ]);
    expect(problemsOf(parseStatementQuery({ statementId: '42' }))).toEqual(['statementId must be a UUID in standard string form']);
  });
});

describe('parseStatementQuery: a search', () => {
  it('defaults: every Statement, newest first, as many as the server allows, exact', () => {
    expect(parseStatementQuery({})).toEqual({
      ok: true,
      value: {
        kind: 'search', agent: null, verb: null, activity: null, registration: null, related_activities: false, related_agents: false,
        since: null, until: null, limit: STATEMENT_QUERY_LIMITS.maxLimit, format: 'exact', attachments: false, ascending: false, after: null,
      },
    });
  });

  it('reads every filter', () => {
    const search = searchOf(parseStatementQuery({
      agent: JSON.stringify(AGENT),
      verb: 'http://adlnet.gov/expapi/verbs/completed',
      activity: 'https://lms.palembang.go.id/course/pelayanan-publik-dasar',
      registration: 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D',
      related_activities: 'true',
      related_agents: 'false',
      since: '2026-11-01T00:00:00+07:00',
      until: '2026-11-30T00:00:00Z',
      limit: '25',
      format: 'canonical',
      ascending: 'true',
    }));
    expect(search).toEqual({
      kind: 'search', agent: AGENT, verb: 'http://adlnet.gov/expapi/verbs/completed', activity: 'https://lms.palembang.go.id/course/pelayanan-publik-dasar',
      registration: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', related_activities: true, related_agents: false,
      since: new Date('2026-10-31T17:00:00Z'), until: new Date('2026-11-30T00:00:00Z'), limit: 25, format: 'canonical', attachments: false, ascending: true, after: null,
    });
  });

  it('limit 0 and limits above the maximum mean the maximum', () => {
    expect(searchOf(parseStatementQuery({ limit: '0' })).limit).toBe(STATEMENT_QUERY_LIMITS.maxLimit);
    expect(searchOf(parseStatementQuery({ limit: '100000' })).limit).toBe(STATEMENT_QUERY_LIMITS.maxLimit);
  });

  it.each<[Record<string, string | string[]>, string]>([
    [{ agent: '{"mbox":' }, 'agent must be the JSON of an Agent or Identified Group'],
    [{ agent: '{"name":"Siti"}' }, 'agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account), not 0'],
    [{ agent: '{"objectType":"Group","member":[{"mbox":"mailto:a@example.com"}]}' }, 'agent must be an Agent or an Identified Group, not an Anonymous Group'],
    [{ verb: 'completed' }, 'verb must be an IRI'],
    [{ activity: 'course 1' }, 'activity must be an IRI'],
    [{ registration: '1' }, 'registration must be a UUID in standard string form'],
    [{ related_agents: 'yes' }, 'related_agents must be true or false'],
    [{ ascending: 'TRUE' }, 'ascending must be true or false'],
    [{ since: '2026-11-01' }, 'since must be an ISO 8601 timestamp with time zone'],
    [{ until: 'now' }, 'until must be an ISO 8601 timestamp with time zone'],
    [{ limit: '-1' }, 'limit must be a non-negative integer'],
    [{ limit: '10.5' }, 'limit must be a non-negative integer'],
    [{ format: 'full' }, 'format must be ids, exact or canonical'],
    [{ verb: ['http://a.example/1', 'http://a.example/2'] }, 'verb must be given once'],
    [{ actor: 'x' }, 'actor is not a parameter of GET statements'],
    [{ Verb: 'http://a.example/1' }, 'Verb is not a parameter of GET statements (parameter names are case sensitive: verb)'],
    [{ verb: `http://a.example/${'x'.repeat(2048)}` }, 'verb is longer than 2048 characters'],
    [{ cursor: 'not a cursor!' }, 'cursor is not a position this LRS issued'],
  ])('refuses %j', (query, problem) => {
    expect(problemsOf(parseStatementQuery(query))).toContain(problem);
  });
});

describe('moreLink', () => {
  it('is a relative IRL that repeats the query and continues after the last position', () => {
    const search = searchOf(parseStatementQuery({ verb: 'http://adlnet.gov/expapi/verbs/completed', agent: JSON.stringify(AGENT), limit: '10', since: '2026-11-01T00:00:00Z' }));
    const link = moreLink('/xapi/statements', search, '2026-11-21T01:02:03.456Z|42');
    expect(link.startsWith('/xapi/statements?')).toBe(true);
    const next = parseStatementQuery(Object.fromEntries(new URLSearchParams(link.split('?')[1])));
    expect(next).toEqual({ ok: true, value: { ...search, after: '2026-11-21T01:02:03.456Z|42' } });
  });

  it('keeps defaults out of the link', () => {
    const link = moreLink('/xapi/statements', searchOf(parseStatementQuery({})), 'p1');
    expect(link).toBe(`/xapi/statements?limit=${STATEMENT_QUERY_LIMITS.maxLimit}&cursor=cDE`);
  });
});
