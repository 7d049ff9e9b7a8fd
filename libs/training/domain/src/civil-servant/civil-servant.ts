import { assertNever, Command, Decider, Decision, Event, PersonalField, reject } from '@palembang/events/core';
import { BKPSDM_AGENCY, invalidInput, isAgencyId, isNip, rejectionCodes, required } from '../shared/rules';

/** The stream of one civil servant's place in the register. */
export const civilServantStreamId = (nip: string): string => `civil-servant-${nip}`;

/**
 * BKPSDM registers a civil servant (ASN) serving at an agency: the population the accountability
 * projection measures JP per civil servant over, and where an xAPI learner's credit is counted.
 * The name is personal data, sealed per subject `civil-servant:<nip>`.
 */
export type CivilServantRegistered = Event<'CivilServantRegistered', { nip: string; agencyId: string; name: PersonalField<string>; registeredAt: string }>;
/** The civil servant now serves at `agencyId` (a mutation, "mutasi"); credits earned earlier keep their agency. */
export type CivilServantTransferred = Event<'CivilServantTransferred', { nip: string; fromAgencyId: string; agencyId: string; transferredAt: string }>;

export type CivilServantEvent = CivilServantRegistered | CivilServantTransferred;

export type CivilServant =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'serving'; nip: string; agencyId: string; registeredAt: string }>;

export const initialCivilServant = (): CivilServant => ({ status: 'absent' });

export function evolveCivilServant(state: CivilServant, event: CivilServantEvent): CivilServant {
  switch (event.type) {
    case 'CivilServantRegistered':
      return { status: 'serving', nip: event.data.nip, agencyId: event.data.agencyId, registeredAt: event.data.registeredAt };
    case 'CivilServantTransferred':
      return state.status === 'serving' ? { ...state, agencyId: event.data.agencyId } : state;
    default:
      return assertNever(event);
  }
}

export type RegisterCivilServant = Command<'RegisterCivilServant', { nip: string; agencyId: string; name: string }>;
export type TransferCivilServant = Command<'TransferCivilServant', { nip: string; agencyId: string }>;
export type CivilServantCommand = RegisterCivilServant | TransferCivilServant;

/** CIVIL_SERVANT.NOT_FOUND 404, FORBIDDEN 403 (not BKPSDM), INVALID_INPUT 400, ALREADY_EXISTS 409. */
export const CivilServantRejectionCodes = rejectionCodes('CIVIL_SERVANT');
const Codes = CivilServantRejectionCodes;

export type CivilServantDecider = Decider<CivilServantCommand, CivilServantEvent, CivilServant>;

/**
 * The register of civil servants, one stream per NIP, kept by BKPSDM only.
 *
 *   absent --register--> serving --transfer (another agency)--> serving
 *
 * Registering again at the same agency records nothing (a retried import); at another agency it is
 * refused (a transfer says so explicitly). A transfer to the agency already served records nothing.
 */
export function civilServantDecider(): CivilServantDecider {
  function decide(command: CivilServantCommand, state: CivilServant): Decision<CivilServantEvent> {
    if (command.metadata.agencyId !== BKPSDM_AGENCY) return reject(Codes.FORBIDDEN, 'Only BKPSDM keeps the register of civil servants');
    const { nip, agencyId } = command.data;
    if (!isNip(nip)) return invalidInput(Codes, 'nip', 'The NIP must be a valid 18-digit Nomor Induk Pegawai');
    if (!isAgencyId(agencyId)) return invalidInput(Codes, 'agencyId', 'The agency is required');
    switch (command.type) {
      case 'RegisterCivilServant': {
        const name = required(command.data.name, 200);
        if (!name) return invalidInput(Codes, 'name', 'The name is required (at most 200 characters)');
        if (state.status === 'serving') {
          return state.agencyId === agencyId ? [] : reject(Codes.ALREADY_EXISTS, `The civil servant is registered at ${state.agencyId}: transfer them instead`);
        }
        return [{ type: 'CivilServantRegistered', data: { nip, agencyId, name, registeredAt: command.metadata.now } }];
      }
      case 'TransferCivilServant': {
        if (state.status === 'absent') return reject(Codes.NOT_FOUND, 'No such civil servant in the register');
        if (state.agencyId === agencyId) return [];
        return [{ type: 'CivilServantTransferred', data: { nip, fromAgencyId: state.agencyId, agencyId, transferredAt: command.metadata.now } }];
      }
      default:
        return assertNever(command);
    }
  }
  return { decide, evolve: evolveCivilServant, initialState: initialCivilServant };
}
