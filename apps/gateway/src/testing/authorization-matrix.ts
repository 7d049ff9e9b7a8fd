import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE, AREA_SCOPES } from '@palembang/auth';
import { AGENCY_RULE_EXTENSION, AGENCY_RULES, AgencyRule } from '../forwarding/agency-rule';

/**
 * The authorization matrix: the operations of the gateway's OpenAPI document,
 * the callers each is tried with, and what each caller must get, derived from
 * the operation's declared scopes and agency rule (x-agency-rule). No framework
 * here: the e2e spec does the calls, this module judges the answers.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How a caller proves who it is on an operation. */
export type Credential = 'none' | 'bearer' | 'xapi-basic' | 'open311-api-key';

export interface Operation {
  /** `METHOD /path/{param}`, as the document names it. */
  key: string;
  method: HttpMethod;
  path: string;
  /** Declared: the union of its oauth2 security requirements' scopes. */
  scopes: string[];
  /** Declared: its x-agency-rule, or undefined when it forgot it. */
  rule: AgencyRule | undefined;
  credential: Credential;
  /** Query parameters it declares (agencyId is tried by another agency). */
  queryParams: string[];
}

export const CALLER_KINDS = ['no credential', 'without the scope', 'agency admin', 'other agency', 'owning agency', 'agencies:all'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

/**
 * Credentials the OpenAPI document cannot state as oauth2 scopes: the xAPI
 * Basic credential and the Open311 api_key form field carry the scope of their
 * API. Listed here, each with why.
 */
export const CREDENTIALS_OUTSIDE_OAUTH2: Record<string, { credential: Credential; scopes: string[]; why: string }> = {
  'GET /xapi/statements': { credential: 'xapi-basic', scopes: ['training:read'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; reading needs training:read' },
  'PUT /xapi/statements': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; storing needs training:write' },
  'POST /xapi/statements': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; storing needs training:write' },
  'GET /xapi/activities/state': { credential: 'xapi-basic', scopes: ['training:read'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; reading documents needs training:read' },
  'PUT /xapi/activities/state': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; writing documents needs training:write' },
  'POST /xapi/activities/state': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; writing documents needs training:write' },
  'DELETE /xapi/activities/state': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; writing documents needs training:write' },
  'GET /xapi/activities/profile': { credential: 'xapi-basic', scopes: ['training:read'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; reading documents needs training:read' },
  'PUT /xapi/activities/profile': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; writing documents needs training:write' },
  'POST /xapi/activities/profile': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; writing documents needs training:write' },
  'DELETE /xapi/activities/profile': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; writing documents needs training:write' },
  'GET /xapi/agents/profile': { credential: 'xapi-basic', scopes: ['training:read'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; reading documents needs training:read' },
  'PUT /xapi/agents/profile': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; writing documents needs training:write' },
  'POST /xapi/agents/profile': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; writing documents needs training:write' },
  'DELETE /xapi/agents/profile': { credential: 'xapi-basic', scopes: ['training:write'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; writing documents needs training:write' },
  'GET /xapi/agents': { credential: 'xapi-basic', scopes: ['training:read'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; reading needs training:read' },
  'GET /xapi/activities': { credential: 'xapi-basic', scopes: ['training:read'], why: 'xAPI 1.0.3 clients authenticate with HTTP Basic; reading needs training:read' },
  'POST /open311/v2/{document}': { credential: 'open311-api-key', scopes: ['complaints:write'], why: 'GeoReport v2 names the api_key form field; filing needs complaints:write' },
};

/**
 * Operations an `agencies:all` client is refused on purpose, each with why: acts the domain reserves to one
 * named agency (the agency responsible for a complaint, a program's owner, a cohort's organiser, an intern's
 * host, the agency studied, BKPSDM for its register and partnerships), which a platform-wide client (a
 * dashboard, the inspectorate, the citizen portal, BKPSDM's city-wide LMS) does not act in the name of.
 * Any other refusal of `agencies:all` fails the matrix, and so does an operation listed here that
 * `agencies:all` crosses: the table must say what the domain does.
 */
export const REFUSED_TO_ALL_AGENCIES: Readonly<Record<string, string>> = {
  'POST /v1/complaints/{id}/updates': 'a public progress update speaks for the agency responsible for the complaint (complaint.decide: that agency only)',
  'PATCH /v1/training-programs/{id}': "a program's details are its owning agency's to change (program.decide: the owner only)",
  'POST /v1/training-programs/{id}/retire': 'a program is retired by its owning agency only (program.decide)',
  'POST /v1/cohorts/{id}/attendance': "attendance is the organiser's record of its sessions (cohort.decide organiserOnly)",
  'POST /v1/cohorts/{id}/completions': "a result (and the JP it credits) is the organiser's to record (cohort.decide organiserOnly)",
  'POST /v1/civil-servants': 'BKPSDM alone keeps the register of civil servants (civil-servant.ts); a platform-wide client reads it',
  'POST /v1/civil-servants/{nip}/transfer': 'BKPSDM alone moves a civil servant between agencies in its register (civil-servant.ts)',
  'POST /v1/partners': 'BKPSDM alone manages partner institutions (partner.decide)',
  'POST /v1/partners/{id}/agreements': 'BKPSDM alone signs cooperation agreements (partner.decide)',
  'POST /v1/partners/{id}/agreements/{agreementId}/terminate': 'BKPSDM alone ends cooperation agreements (partner.decide)',
  'POST /v1/internships': 'an intern is placed by the host agency or BKPSDM (internship.ts)',
  'POST /v1/internships/{id}/evaluate': "the host agency evaluates its intern (internship.ts: the host only)",
  'POST /v1/internships/{id}/complete': 'the host agency completes its internship (internship.ts: the host only)',
  'POST /v1/research-projects': 'a study is proposed by the agency studied or BKPSDM (research.ts)',
  'POST /v1/research-projects/{id}/findings': 'findings are recorded by the agency studied or BKPSDM (research.ts)',
  'POST /v1/research-projects/{id}/recommendations': 'recommendations are added by the agency studied or BKPSDM (research.ts)',
  'POST /v1/research-projects/{id}/recommendations/{recommendationId}/accept': 'the agency studied alone answers its recommendations (research.ts)',
  'POST /v1/research-projects/{id}/recommendations/{recommendationId}/reject': 'the agency studied alone answers its recommendations (research.ts)',
  'POST /v1/research-projects/{id}/recommendations/{recommendationId}/implement': 'the agency studied alone answers its recommendations (research.ts)',
};

type OpenApiOperation = { security?: Array<Record<string, string[]>>; parameters?: Array<{ name: string; in: string }>; [extension: string]: unknown };
export type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

/** Every operation of the document, with what it declares. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const security = operation.security ?? [];
      const declared = [...new Set(security.flatMap((requirement) => requirement.oauth2 ?? []))];
      const outside = CREDENTIALS_OUTSIDE_OAUTH2[key];
      const bearer = security.some((requirement) => 'bearer' in requirement || 'oauth2' in requirement);
      const rule = operation[AGENCY_RULE_EXTENSION];
      operations.push({
        key,
        method: method.toUpperCase() as HttpMethod,
        path,
        scopes: outside ? outside.scopes : declared,
        rule: typeof rule === 'string' && rule in AGENCY_RULES ? (rule as AgencyRule) : undefined,
        credential: outside ? outside.credential : bearer ? 'bearer' : 'none',
        queryParams: (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
      });
    }
  }
  return operations;
}

export const isWrite = (operation: Operation) => operation.method !== 'GET';

/**
 * The scopes each kind of caller holds for an operation, and its agency
 * (`owner`, `other`, or the platform-wide agency). `undefined`: the caller
 * kind does not apply (an operation needing no scope has no "without the scope").
 */
export function callerScopes(operation: Operation, kind: CallerKind, targetScopes: readonly string[] = []): { agency: 'owner' | 'other' | 'platform'; scopes: string[] } | undefined {
  const declared = operation.scopes;
  const needed = [...new Set([...declared.filter((scope) => scope !== ALL_AGENCIES_SCOPE), ...targetScopes])];
  switch (kind) {
    case 'no credential':
      return undefined;
    case 'without the scope': {
      if (declared.length === 0) return undefined;
      // Every other area scope (and admin unless declared): only the declared ones are missing.
      const others = [...AREA_SCOPES, ADMIN_SCOPE].filter((scope) => !declared.includes(scope));
      return { agency: 'owner', scopes: others };
    }
    case 'agency admin':
      return { agency: 'owner', scopes: [ADMIN_SCOPE] };
    case 'other agency':
      return { agency: 'other', scopes: needed.length > 0 ? needed : ['permits:read'] };
    case 'owning agency':
      return { agency: 'owner', scopes: needed.length > 0 ? needed : ['permits:read'] };
    case 'agencies:all':
      return { agency: 'platform', scopes: [...needed, ALL_AGENCIES_SCOPE] };
  }
}

export type Verdict =
  | { kind: 'ok' }
  /** Another agency's data read or changed. */
  | { kind: 'cross-agency leak'; detail: string }
  /** A caller got past a check it should not have (missing token, scope, agencies:all, proof, or an admin above itself). */
  | { kind: 'privilege escalation'; detail: string }
  /** The owning agency was refused: the matrix proves nothing for this operation (a fixture or rule is wrong). */
  | { kind: 'owner refused'; detail: string }
  | { kind: 'server error'; detail: string }
  /** agencies:all was refused where REFUSED_TO_ALL_AGENCIES says why: allowed, reported. */
  | { kind: 'not crossed'; detail: string }
  /** agencies:all was refused where no reason is listed, or crossed where one is: the rule or the table is wrong. */
  | { kind: 'agencies:all refused'; detail: string };

export interface Observed {
  status: number;
  body: string;
  /** Marker strings of the owning agency found in a 2xx answer: its private ids (for own-agency rules) and its people's personal data. */
  markersFound: string[];
  /** Whether the record named by the path changed (its version), for writes of another agency. */
  recordChanged?: boolean;
  /** A created record's agencyId, when the answer names one. */
  createdFor?: string;
  /** The request body named a record or person of the owning agency (its civil servant's NIP, say). */
  bodyNamesOwner?: boolean;
  /** The path names no record on purpose (UNRESOLVED): a 404 for the owner or agencies:all proves nothing and is no failure. */
  noRecord?: boolean;
  /** The admin target held scopes the caller lacks (an admin-own-agency action on a client above the caller). */
  targetAboveCaller?: boolean;
}

const ok: Verdict = { kind: 'ok' };
const success = (status: number) => status >= 200 && status < 300;
const denied = (status: number) => status === 401 || status === 403 || status === 404;

/** What the answer means for the caller kind under the operation's rule. */
export function judge(operation: Operation, kind: CallerKind, observed: Observed, owner: string): Verdict {
  const { status } = observed;
  const rule = operation.rule;
  const detail = `${kind} got ${status}`;
  if (status >= 500 && status !== 503) return { kind: 'server error', detail: `${detail}: ${observed.body.slice(0, 200)}` };
  if (rule === 'client-authentication') {
    // Each caller asks for agencies:all; only the one holding it may get a token.
    if (kind === 'agencies:all') return success(status) ? ok : { kind: 'owner refused', detail };
    return success(status) ? { kind: 'privilege escalation', detail: `${detail} asking for a scope it does not hold` } : ok;
  }
  if (observed.markersFound.length > 0 && success(status)) return { kind: 'cross-agency leak', detail: `${detail} holding ${observed.markersFound.join(', ')}` };
  if (observed.recordChanged) return { kind: 'cross-agency leak', detail: `${detail} and the owning agency's record changed` };
  switch (kind) {
    case 'no credential':
      if (rule === 'public') return status === 401 || status === 403 ? { kind: 'privilege escalation', detail: `a public operation refused: ${detail}` } : ok;
      if (operation.credential === 'none') return ok; // the token endpoint: judged by its own callers
      return status === 401 || (operation.credential === 'open311-api-key' && (status === 400 || status === 403)) ? ok : { kind: 'privilege escalation', detail };
    case 'without the scope':
      return status === 403 || (operation.credential === 'xapi-basic' && status === 401) ? ok : { kind: 'privilege escalation', detail };
    case 'agency admin':
      // An admin-only client holds no xAPI credential (it lacks the training scopes): 401 there.
      if (!operation.scopes.every((scope) => scope === ADMIN_SCOPE)) return status === 403 || (operation.credential === 'xapi-basic' && status === 401) ? ok : { kind: 'privilege escalation', detail: `${detail} without the operation's scopes` };
      if (observed.targetAboveCaller) return status === 403 ? ok : { kind: 'privilege escalation', detail: `${detail} acting on a client holding more than it does` };
      return judgeOwner(observed, detail);
    case 'other agency':
      if (rule === 'own-agency' || rule === 'admin-own-agency' || rule === 'civil-service-agency' || rule === 'cross-agency-only' || rule === 'citizen-portal') {
        if (!success(status)) return ok;
        if (!isWrite(operation)) return ok; // a read: its markers were checked above
        if (operation.path.includes('{') || observed.createdFor === owner || observed.bodyNamesOwner) return { kind: 'cross-agency leak', detail: `${detail}: a write on or naming the owning agency's records` };
        return ok;
      }
      return ok;
    case 'owning agency':
      if (rule === 'cross-agency-only' || rule === 'citizen-portal') return status === 403 ? ok : { kind: 'privilege escalation', detail: `${detail} without agencies:all` };
      // The citizen's proof is theirs to use: the agency the case was with may not rate itself with it.
      if (rule === 'citizen-proof' && isWrite(operation)) return success(status) ? { kind: 'privilege escalation', detail: `the rated agency ${detail} rating itself` } : ok;
      return judgeOwner(observed, detail);
    case 'agencies:all': {
      if (observed.noRecord && status === 404) return ok;
      const why = REFUSED_TO_ALL_AGENCIES[operation.key];
      if (denied(status)) return why ? { kind: 'not crossed', detail: `${detail}: ${why}` } : { kind: 'agencies:all refused', detail: `${detail}, and REFUSED_TO_ALL_AGENCIES gives no reason: ${observed.body.slice(0, 200)}` };
      return why && success(status) ? { kind: 'agencies:all refused', detail: `${detail}, yet REFUSED_TO_ALL_AGENCIES says it is refused (${why}): remove it there` } : ok;
    }
  }
}

function judgeOwner(observed: Observed, detail: string): Verdict {
  if (observed.noRecord && observed.status === 404) return ok;
  return denied(observed.status) ? { kind: 'owner refused', detail: `${detail}: ${observed.body.slice(0, 200)}` } : ok;
}
