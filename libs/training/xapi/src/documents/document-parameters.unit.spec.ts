import { parseActivityIdParameter, parseAgentParameter, parseDocumentRequest } from './document-parameters';

const ACTIVITY = 'https://lms.palembang.go.id/xapi/activities/etika-asn';
const AGENT = JSON.stringify({ objectType: 'Agent', account: { homePage: 'https://lms.palembang.go.id', name: '198703152010011001' } });
const REGISTRATION = '0F8B3C6E-1D2A-4C5B-9E7F-123456789ABC';

describe('the parameters of the State resource', () => {
  it('given activityId, agent, registration and stateId, when reading, then it addresses that one document (registration in lower case)', () => {
    const request = parseDocumentRequest('state', 'GET', { activityId: ACTIVITY, agent: AGENT, registration: REGISTRATION, stateId: 'bookmark' });
    expect(request).toEqual({ ok: true, value: { kind: 'single', documentId: 'bookmark', scope: { resource: 'state', activityId: ACTIVITY, agent: JSON.parse(AGENT), registration: REGISTRATION.toLowerCase() } } });
  });

  it('given no stateId, when reading, then it lists the ids, since a timestamp when given', () => {
    const request = parseDocumentRequest('state', 'GET', { activityId: ACTIVITY, agent: AGENT, since: '2026-12-01T00:00:00Z' });
    expect(request.ok && request.value).toMatchObject({ kind: 'ids', since: new Date('2026-12-01T00:00:00Z') });
  });

  it('given no stateId, when deleting, then it deletes every document of the activity and agent', () => {
    expect(parseDocumentRequest('state', 'DELETE', { activityId: ACTIVITY, agent: AGENT })).toMatchObject({ ok: true, value: { kind: 'all' } });
  });

  it.each([
    ['PUT without stateId', 'PUT', { activityId: ACTIVITY, agent: AGENT }, 'stateId is required'],
    ['no agent', 'GET', { activityId: ACTIVITY, stateId: 's' }, 'agent is required'],
    ['an agent without identifier', 'GET', { activityId: ACTIVITY, agent: '{"name":"Siti"}', stateId: 's' }, 'exactly one inverse functional identifier'],
    ['an agent that is not JSON', 'GET', { activityId: ACTIVITY, agent: 'siti', stateId: 's' }, 'agent must be the JSON'],
    ['no activityId', 'GET', { agent: AGENT, stateId: 's' }, 'activityId'],
    ['an activityId that is no IRI', 'GET', { activityId: 'etika asn', agent: AGENT, stateId: 's' }, 'activityId must be an IRI'],
    ['a registration that is no UUID', 'GET', { activityId: ACTIVITY, agent: AGENT, registration: '42', stateId: 's' }, 'registration must be a UUID'],
    ['an unknown parameter', 'GET', { activityId: ACTIVITY, agent: AGENT, profileId: 's' }, 'profileId is not a parameter'],
    ['a parameter in another case', 'GET', { activityId: ACTIVITY, agent: AGENT, StateId: 's' }, 'case sensitive: stateId'],
    ['a repeated parameter', 'GET', { activityId: ACTIVITY, agent: AGENT, stateId: ['a', 'b'] }, 'stateId must be given once'],
    ['since with a stateId', 'GET', { activityId: ACTIVITY, agent: AGENT, stateId: 's', since: '2026-12-01T00:00:00Z' }, 'since only applies'],
    ['since that is no timestamp', 'GET', { activityId: ACTIVITY, agent: AGENT, since: 'yesterday' }, 'since must be'],
  ] as const)('given %s, then it is refused', (_case, method, query, message) => {
    const request = parseDocumentRequest('state', method, query);
    expect(request.ok).toBe(false);
    expect(request.ok ? [] : request.errors.join('; ')).toContain(message);
  });
});

describe('the parameters of the profile resources', () => {
  it('given an activityId and a profileId, then the Activity Profile document has no agent and no registration', () => {
    const request = parseDocumentRequest('activity-profile', 'PUT', { activityId: ACTIVITY, profileId: 'cmi5LearnerPreferences' });
    expect(request.ok && request.value).toEqual({ kind: 'single', documentId: 'cmi5LearnerPreferences', scope: { resource: 'activity-profile', activityId: ACTIVITY, agent: null, registration: null } });
  });

  it('given an agent and a profileId, then the Agent Profile document has no activity', () => {
    const request = parseDocumentRequest('agent-profile', 'GET', { agent: AGENT, profileId: 'cmi5LearnerPreferences' });
    expect(request.ok && request.value).toMatchObject({ kind: 'single', scope: { resource: 'agent-profile', activityId: null } });
  });

  it('given a DELETE without profileId, then it is refused: only State deletes all', () => {
    expect(parseDocumentRequest('agent-profile', 'DELETE', { agent: AGENT }).ok).toBe(false);
  });

  it('given a registration, then it is refused: profiles have none', () => {
    expect(parseDocumentRequest('activity-profile', 'GET', { activityId: ACTIVITY, registration: REGISTRATION }).ok).toBe(false);
  });
});

describe('the parameters of the Agents and Activities resources', () => {
  it('given an agent, then it is read; given none or another parameter, then it is refused', () => {
    expect(parseAgentParameter({ agent: AGENT })).toEqual({ ok: true, value: JSON.parse(AGENT) });
    expect(parseAgentParameter({}).ok).toBe(false);
    expect(parseAgentParameter({ agent: AGENT, activityId: ACTIVITY }).ok).toBe(false);
  });

  it('given an activityId, then it is read; given none or no IRI, then it is refused', () => {
    expect(parseActivityIdParameter({ activityId: ACTIVITY })).toEqual({ ok: true, value: ACTIVITY });
    expect(parseActivityIdParameter({}).ok).toBe(false);
    expect(parseActivityIdParameter({ activityId: 'not an iri' }).ok).toBe(false);
  });
});
