import { CallerKind, judge, Observed, OpenApiDocument, Operation, operationsOf, REFUSED_TO_ALL_AGENCIES } from './authorization-matrix';

const document: OpenApiDocument = {
  paths: {
    '/v1/things/{id}': {
      get: { security: [{ bearer: [] }, { oauth2: ['things:read'] }], 'x-agency-rule': 'own-agency' },
      post: { security: [{ bearer: [] }, { oauth2: ['things:write'] }] },
    },
    '/v1/platform': { post: { security: [{ bearer: [] }, { oauth2: ['admin', 'agencies:all'] }], 'x-agency-rule': 'cross-agency-only' } },
    '/oauth/token': { post: { 'x-agency-rule': 'client-authentication' } },
    '/xapi/statements': { get: { security: [{ xapi_basic: [] }], 'x-agency-rule': 'own-agency' } },
    '/v1/cohorts/{id}/attendance': { post: { security: [{ bearer: [] }, { oauth2: ['training:write'] }], 'x-agency-rule': 'own-agency' } },
    '/v1/cohorts/{id}/enrolments': { post: { security: [{ bearer: [] }, { oauth2: ['training:write'] }], 'x-agency-rule': 'own-agency' } },
  },
};
const [read, forgotten, platformWide, token, xapi, attendance, enrolment] = operationsOf(document);
const answer = (status: number, more: Partial<Observed> = {}): Observed => ({ status, body: '{}', markersFound: [], ...more });
const verdictOf = (operation: Operation, kind: CallerKind, observed: Observed) => judge(operation, kind, observed, 'dinas-pupr').kind;

describe('the operations of an OpenAPI document', () => {
  it('carry their declared scopes, agency rule and credential', () => {
    expect(read).toMatchObject({ key: 'GET /v1/things/{id}', scopes: ['things:read'], rule: 'own-agency', credential: 'bearer' });
    expect(token).toMatchObject({ scopes: [], rule: 'client-authentication', credential: 'none' });
    expect(xapi).toMatchObject({ scopes: ['training:read'], credential: 'xapi-basic' });
  });

  it('leave the rule undefined on an operation that forgot it, which the matrix refuses', () => {
    expect(forgotten).toMatchObject({ key: 'POST /v1/things/{id}', rule: undefined });
  });
});

describe('judging an answer', () => {
  it('counts a 2xx answer holding the owning agency\'s people or ids as a cross-agency leak', () => {
    expect(verdictOf(read, 'other agency', answer(200, { markersFound: ['Raden Matriks Pemohon'] }))).toBe('cross-agency leak');
    expect(verdictOf(read, 'other agency', answer(404))).toBe('ok');
  });

  it("counts another agency's successful write on the owner's record, or a changed record, as a cross-agency leak", () => {
    const write = { ...read, method: 'POST' as const, key: 'POST /v1/things/{id}/close', path: '/v1/things/{id}/close' };
    expect(verdictOf(write, 'other agency', answer(200))).toBe('cross-agency leak');
    expect(verdictOf(write, 'other agency', answer(400, { recordChanged: true }))).toBe('cross-agency leak');
    expect(verdictOf(write, 'other agency', answer(403))).toBe('ok');
  });

  it('counts getting past a missing token, scope or agencies:all as a privilege escalation', () => {
    expect(verdictOf(read, 'no credential', answer(200))).toBe('privilege escalation');
    expect(verdictOf(read, 'without the scope', answer(404))).toBe('privilege escalation');
    expect(verdictOf(read, 'agency admin', answer(200))).toBe('privilege escalation');
    expect(verdictOf(platformWide, 'owning agency', answer(200))).toBe('privilege escalation');
    expect(verdictOf(token, 'owning agency', answer(200))).toBe('privilege escalation');
    expect(verdictOf(token, 'agencies:all', answer(200))).toBe('ok');
  });

  it('fails an agencies:all client refused unless the operation is listed with why, and a listed one it crosses', () => {
    expect(REFUSED_TO_ALL_AGENCIES[attendance.key]).toMatch(/organiser/);
    expect(REFUSED_TO_ALL_AGENCIES[enrolment.key]).toBeUndefined();
    for (const status of [403, 404]) {
      expect(verdictOf(attendance, 'agencies:all', answer(status))).toBe('not crossed');
      expect(verdictOf(enrolment, 'agencies:all', answer(status))).toBe('agencies:all refused');
      expect(verdictOf(read, 'agencies:all', answer(status))).toBe('agencies:all refused');
    }
    expect(judge(attendance, 'agencies:all', answer(403), 'dinas-pupr')).toEqual({ kind: 'not crossed', detail: expect.stringContaining(REFUSED_TO_ALL_AGENCIES[attendance.key]) });
    expect(verdictOf(enrolment, 'agencies:all', answer(201))).toBe('ok');
    expect(verdictOf(enrolment, 'agencies:all', answer(409))).toBe('ok');
    expect(verdictOf(attendance, 'agencies:all', answer(200))).toBe('agencies:all refused');
    expect(verdictOf(attendance, 'agencies:all', answer(409))).toBe('ok');
  });

  it('reports the owning agency refused, since the matrix then proves nothing for the operation', () => {
    expect(verdictOf(read, 'owning agency', answer(404))).toBe('owner refused');
    expect(verdictOf(read, 'owning agency', answer(200))).toBe('ok');
  });
});
