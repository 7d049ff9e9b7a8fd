import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/**
 * What an operation declares, once, on itself, for the gateway that publishes it. The gateway
 * builds its route table and its public document from these extensions of the services' own
 * documents (see service-documents-merge.ts); an operation declaring none of them is not routed,
 * and the merge check fails for it.
 */
export const GATEWAY_EXTENSIONS = {
  /** The scopes a token must hold (RequireScopes); an empty list: any valid token (Authenticated). */
  requiredScopes: 'x-required-scopes',
  /** Answered without any credential. */
  public: 'x-public',
  /** Never published by the gateway (probes, a service's internal administration). */
  internal: 'x-internal',
  /** Whose records the operation touches, beyond its scopes (AGENCY_RULES). */
  agencyRule: 'x-agency-rule',
} as const;

/**
 * Who may see or change what an operation touches, beyond its scopes. Every
 * operation the gateway publishes declares one (the OpenAPI extension `x-agency-rule`),
 * and the authorization matrix test (authorization-matrix.e2e.spec.ts) derives
 * from it what each kind of caller must get: an operation without one fails it.
 */
export const AGENCY_RULES = {
  /** No credential at all; the answer holds no personal data and nothing private to an agency. */
  public: 'No credential; aggregates and what citizens chose to publish, never personal data',
  /** The token endpoint: the client proves who it is and never gets a scope it does not hold. */
  'client-authentication': 'The client authenticates itself; it gets only scopes it holds',
  /** Reference data or a catalogue every agency shares; never another agency's personal data. */
  'any-client': 'Any client with the scopes; shared data, no personal data of another agency',
  /** The citizen's secret (a tracking code) is the proof; the answer holds no personal data. */
  'citizen-proof': "Any client holding the citizen's tracking code; no personal data",
  /**
   * Records of the caller's agency: another agency's record is a 404 or 403 and its lists leave them out. agencies:all
   * crosses for reads and for most acts; an act the domain reserves to the one agency that owns the record (the
   * organiser's attendance, the responsible agency's update) stays that agency's, listed in the matrix's REFUSED_TO_ALL_AGENCIES.
   */
  'own-agency': "Records of the caller's agency only; agencies:all reads every agency's and acts where the domain does not reserve the act to the owning agency",
  /** The civil-servant register and the partnerships BKPSDM keeps: BKPSDM reads and changes them; agencies:all reads them. */
  'civil-service-agency': 'BKPSDM (which keeps the register and partnerships); agencies:all reads them',
  /** Clients of the admin's own agency holding no more than the admin; agencies:all to touch another agency's. */
  'admin-own-agency': "Clients of the admin's own agency that hold no more than it does, unless it holds agencies:all",
  /** The citizen's own act (confirming or disputing an answer) through the portal, which holds agencies:all; never the agency that answered. */
  'citizen-portal': "The citizen's act through the portal (agencies:all), never the agency that answered",
  /** Platform-wide actions: only with agencies:all. */
  'cross-agency-only': 'Only a client holding agencies:all',
} as const;

export type AgencyRule = keyof typeof AGENCY_RULES;

export const AGENCY_RULE_EXTENSION = GATEWAY_EXTENSIONS.agencyRule;

/** Declares the operation's agency rule in the OpenAPI document (`x-agency-rule`). */
export function AgencyRule(rule: AgencyRule): MethodDecorator & ClassDecorator {
  return ApiExtension(AGENCY_RULE_EXTENSION, rule);
}

/** An operation answered without any credential (`x-public`), and published so by the gateway. */
export function PublicOperation(rule: AgencyRule = 'public'): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiExtension(GATEWAY_EXTENSIONS.public, true), AgencyRule(rule));
}

/** An operation the gateway never publishes (`x-internal`): a probe, a service's own administration. */
export function InternalOperation(): MethodDecorator & ClassDecorator {
  return ApiExtension(GATEWAY_EXTENSIONS.internal, true);
}
