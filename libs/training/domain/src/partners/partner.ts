import { assertNever, Event } from '@palembang/events/core';
import { LocalDate } from '@palembang/working-days';

export type PartnerKind = 'university' | 'polytechnic' | 'ngo' | 'company';
export const PARTNER_KINDS: readonly PartnerKind[] = ['university', 'polytechnic', 'ngo', 'company'];

/** What a cooperation agreement (perjanjian kerja sama) covers. */
export type AgreementScope = 'internship' | 'research' | 'training';
export const AGREEMENT_SCOPES: readonly AgreementScope[] = ['internship', 'research', 'training'];

/** An agreement as internships and research projects check it; the service reads it from the partner's stream. */
export type AgreementTerms = Readonly<{
  agreementId: string;
  partnerId: string;
  scope: readonly AgreementScope[];
  validFrom: LocalDate;
  validUntil: LocalDate;
  /** The Jakarta day it was terminated, null while in force. */
  terminatedOn: LocalDate | null;
}>;

/** Every event of a partner; partners are managed by BKPSDM (`agencyId`). */
export type PartnerRef = Readonly<{ partnerId: string; agencyId: string }>;

export type PartnerRegistered = Event<'PartnerRegistered', PartnerRef & { name: string; kind: PartnerKind; registeredAt: string }>;
export type AgreementSigned = Event<'AgreementSigned', PartnerRef & { agreementId: string; scope: readonly AgreementScope[]; validFrom: LocalDate; validUntil: LocalDate; signedAt: string }>;
export type AgreementTerminated = Event<'AgreementTerminated', PartnerRef & { agreementId: string; reason: string; terminatedOn: LocalDate; terminatedAt: string }>;

export type PartnerEvent = PartnerRegistered | AgreementSigned | AgreementTerminated;

export type Partner =
  | Readonly<{ status: 'absent' }>
  | (PartnerRef & Readonly<{ status: 'registered'; name: string; kind: PartnerKind; agreements: Readonly<Record<string, AgreementTerms>> }>);

export type PartnerStatus = Partner['status'];

export const initialPartner = (): Partner => ({ status: 'absent' });

export function evolvePartner(state: Partner, event: PartnerEvent): Partner {
  switch (event.type) {
    case 'PartnerRegistered': {
      const { partnerId, agencyId, name, kind } = event.data;
      return { status: 'registered', partnerId, agencyId, name, kind, agreements: {} };
    }
    case 'AgreementSigned': {
      if (state.status !== 'registered') return state;
      const { agreementId, partnerId, scope, validFrom, validUntil } = event.data;
      return { ...state, agreements: { ...state.agreements, [agreementId]: { agreementId, partnerId, scope, validFrom, validUntil, terminatedOn: null } } };
    }
    case 'AgreementTerminated': {
      const agreement = state.status === 'registered' ? state.agreements[event.data.agreementId] : undefined;
      if (state.status !== 'registered' || !agreement) return state;
      return { ...state, agreements: { ...state.agreements, [agreement.agreementId]: { ...agreement, terminatedOn: event.data.terminatedOn } } };
    }
    default:
      return assertNever(event);
  }
}

/** The terms of an agreement of the partner, for PlaceIntern and ProposeResearch. */
export function agreementOf(partner: Partner, agreementId: string): AgreementTerms | undefined {
  return partner.status === 'registered' ? partner.agreements[agreementId] : undefined;
}

/**
 * Why the agreement does not cover `scope` from `from` to `until` (Jakarta days), or undefined
 * when it does: it must cover the scope, not be terminated, and hold for the whole period.
 */
export function agreementProblem(terms: AgreementTerms, scope: AgreementScope, from: LocalDate, until: LocalDate): { reason: 'scope' | 'terminated' | 'period'; message: string } | undefined {
  if (!terms.scope.includes(scope)) return { reason: 'scope', message: `Agreement ${terms.agreementId} does not cover ${scope}` };
  if (terms.terminatedOn !== null) return { reason: 'terminated', message: `Agreement ${terms.agreementId} was terminated on ${terms.terminatedOn}` };
  if (from < terms.validFrom || until > terms.validUntil) return { reason: 'period', message: `Agreement ${terms.agreementId} is valid from ${terms.validFrom} to ${terms.validUntil} only` };
  return undefined;
}
