import { assertNever, Command, Decider, Decision, reject } from '@palembang/events/core';
import { jakartaDateOf, LocalDate } from '@palembang/working-days';
import { BKPSDM_AGENCY, invalidInput, invalidTransition, isDate, isId, rejectionCodes, required } from '../shared/rules';
import { AGREEMENT_SCOPES, AgreementScope, evolvePartner, initialPartner, Partner, PARTNER_KINDS, PartnerEvent, PartnerKind } from './partner';

type Ref = { partnerId: string };

export type RegisterPartner = Command<'RegisterPartner', Ref & { name: string; kind: PartnerKind }>;
/** A cooperation agreement for the scopes given, valid from `validFrom` to `validUntil` (Jakarta days, until after from). */
export type SignAgreement = Command<'SignAgreement', Ref & { agreementId: string; scope: readonly AgreementScope[]; validFrom: LocalDate; validUntil: LocalDate }>;
/** Ends an agreement today: no new internships or research under it; those running go on. */
export type TerminateAgreement = Command<'TerminateAgreement', Ref & { agreementId: string; reason: string }>;

export type PartnerCommand = RegisterPartner | SignAgreement | TerminateAgreement;

/** PARTNER.NOT_FOUND and PARTNER.AGREEMENT.NOT_FOUND 404; FORBIDDEN 403 (not BKPSDM); INVALID_INPUT 400; ALREADY_EXISTS, AGREEMENT_EXISTS and INVALID_TRANSITION 409. */
export const PartnerRejectionCodes = {
  ...rejectionCodes('PARTNER'),
  AGREEMENT_NOT_FOUND: 'PARTNER.AGREEMENT.NOT_FOUND',
  AGREEMENT_EXISTS: 'PARTNER.AGREEMENT_EXISTS',
} as const;
const Codes = PartnerRejectionCodes;

export type PartnerDecider = Decider<PartnerCommand, PartnerEvent, Partner>;

/**
 * A partner institution (university, polytechnic, NGO, company) and its cooperation agreements,
 * managed by BKPSDM only.
 *
 *   absent --register--> registered; sign agreement (new id); terminate agreement (in force)
 */
export function partnerDecider(): PartnerDecider {
  function decide(command: PartnerCommand, state: Partner): Decision<PartnerEvent> {
    const meta = command.metadata;
    if (meta.agencyId !== BKPSDM_AGENCY) return reject(Codes.FORBIDDEN, 'Only BKPSDM manages partner institutions and their agreements');
    if (command.type === 'RegisterPartner') {
      if (state.status !== 'absent') return reject(Codes.ALREADY_EXISTS, `Partner ${command.data.partnerId} is already registered`);
      const { partnerId, kind } = command.data;
      if (!isId(partnerId)) return invalidInput(Codes, 'partnerId', 'The partner id is required');
      const name = required(command.data.name, 200);
      if (!name) return invalidInput(Codes, 'name', 'The name is required (at most 200 characters)');
      if (!PARTNER_KINDS.includes(kind)) return invalidInput(Codes, 'kind', `The kind must be one of ${PARTNER_KINDS.join(', ')}`);
      return [{ type: 'PartnerRegistered', data: { partnerId, agencyId: meta.agencyId, name, kind, registeredAt: meta.now } }];
    }
    if (state.status === 'absent') return reject(Codes.NOT_FOUND, `No partner ${command.data.partnerId}`);
    const ref = { partnerId: state.partnerId, agencyId: state.agencyId };
    switch (command.type) {
      case 'SignAgreement': {
        const { agreementId, scope, validFrom, validUntil } = command.data;
        if (!isId(agreementId)) return invalidInput(Codes, 'agreementId', 'The agreement id is required');
        if (!Array.isArray(scope) || scope.length === 0 || scope.some((item) => !AGREEMENT_SCOPES.includes(item))) {
          return invalidInput(Codes, 'scope', `The scope lists one or more of ${AGREEMENT_SCOPES.join(', ')}`);
        }
        if (!isDate(validFrom)) return invalidInput(Codes, 'validFrom', 'The start of validity must be a date YYYY-MM-DD');
        if (!isDate(validUntil) || validUntil <= validFrom) return invalidInput(Codes, 'validUntil', 'The end of validity must be a date YYYY-MM-DD after the start');
        if (state.agreements[agreementId]) return reject(Codes.AGREEMENT_EXISTS, `Agreement ${agreementId} was already signed`);
        return [{ type: 'AgreementSigned', data: { ...ref, agreementId, scope: [...new Set(scope)], validFrom, validUntil, signedAt: meta.now } }];
      }
      case 'TerminateAgreement': {
        const agreement = state.agreements[command.data.agreementId];
        if (!agreement) return reject(Codes.AGREEMENT_NOT_FOUND, `The partner has no agreement ${command.data.agreementId}`);
        if (agreement.terminatedOn !== null) return invalidTransition(Codes, 'agreement', 'terminated', command.type);
        const reason = required(command.data.reason, 1000);
        if (!reason) return invalidInput(Codes, 'reason', 'Say why the agreement is terminated (at most 1000 characters)');
        return [{ type: 'AgreementTerminated', data: { ...ref, agreementId: agreement.agreementId, reason, terminatedOn: jakartaDateOf(meta.now), terminatedAt: meta.now } }];
      }
      default:
        return assertNever(command);
    }
  }

  return { decide, evolve: evolvePartner, initialState: initialPartner };
}
