import { AGENCY_KINDS, AgencyKind, AgencyProfile, AgencyRegisterEvent, assertNever, Command, Decider, Decision, isAgencyIdFormat, reject, Rejection } from '@palembang/events/core';
import { Agency, evolveAgency, initialAgency } from './agency';

export type RegisterAgency = Command<'RegisterAgency', { agencyId: string } & AgencyProfile>;
/** Changes the fields given; the others stay. A change that changes nothing records nothing. */
export type UpdateAgency = Command<'UpdateAgency', { agencyId: string } & Partial<AgencyProfile>>;
export type RetireAgency = Command<'RetireAgency', { agencyId: string; reason: string }>;

export type AgencyCommand = RegisterAgency | UpdateAgency | RetireAgency;

/** AGENCY.NOT_FOUND 404, INVALID_INPUT 400, ALREADY_REGISTERED and RETIRED 409. */
export const AgencyRejectionCodes = {
  NOT_FOUND: 'AGENCY.NOT_FOUND',
  INVALID_INPUT: 'AGENCY.INVALID_INPUT',
  ALREADY_REGISTERED: 'AGENCY.ALREADY_REGISTERED',
  RETIRED: 'AGENCY.RETIRED',
} as const;
const Codes = AgencyRejectionCodes;

export type AgencyDecider = Decider<AgencyCommand, AgencyRegisterEvent, Agency>;

const PROFILE_FIELDS: readonly (keyof AgencyProfile)[] = ['name', 'shortName', 'kind'];

/**
 * One OPD of the city's register.
 *
 *   absent --register--> active --update--> active --retire--> retired
 *
 * A retired agency is neither updated nor registered again: its id stays in its history.
 */
export function agencyDecider(): AgencyDecider {
  function decide(command: AgencyCommand, state: Agency): Decision<AgencyRegisterEvent> {
    const now = command.metadata.now;
    if (command.type === 'RegisterAgency') {
      if (state.status !== 'absent') return reject(Codes.ALREADY_REGISTERED, `Agency ${command.data.agencyId} is already registered`);
      if (!isAgencyIdFormat(command.data.agencyId)) return invalid('agencyId', 'The agency id is lower-case words joined by hyphens, at most 60 characters (e.g. dinas-pupr)');
      const profile = validProfile(command.data);
      if ('rejected' in profile) return profile;
      return [{ type: 'AgencyRegistered', data: { agencyId: command.data.agencyId, ...profile, registeredAt: now } }];
    }
    if (state.status === 'absent') return reject(Codes.NOT_FOUND, `No agency ${command.data.agencyId} in the register`);
    if (state.status === 'retired') return reject(Codes.RETIRED, `Agency ${state.agencyId} was retired on ${state.retiredAt}`);
    switch (command.type) {
      case 'UpdateAgency': {
        const current = { name: state.name, shortName: state.shortName, kind: state.kind };
        const changes = Object.fromEntries(PROFILE_FIELDS.filter((field) => command.data[field] !== undefined).map((field) => [field, command.data[field]]));
        const profile = validProfile({ ...current, ...changes });
        if ('rejected' in profile) return profile;
        const changed = PROFILE_FIELDS.filter((field) => profile[field] !== current[field]);
        return changed.length === 0 ? [] : [{ type: 'AgencyUpdated', data: { agencyId: state.agencyId, ...profile, changed, updatedAt: now } }];
      }
      case 'RetireAgency': {
        const reason = trimmed(command.data.reason, 500);
        if (!reason) return invalid('reason', 'Say why the agency is retired (1 to 500 characters)');
        return [{ type: 'AgencyRetired', data: { agencyId: state.agencyId, reason, retiredAt: now } }];
      }
      default:
        return assertNever(command);
    }
  }

  return { decide, evolve: evolveAgency, initialState: initialAgency };
}

function validProfile(input: Partial<AgencyProfile>): AgencyProfile | Rejection {
  const name = trimmed(input.name, 200);
  if (!name) return invalid('name', 'The name is required (at most 200 characters)');
  const shortName = trimmed(input.shortName, 60);
  if (!shortName) return invalid('shortName', 'The short name is required (at most 60 characters)');
  if (!AGENCY_KINDS.includes(input.kind as AgencyKind)) return invalid('kind', `The kind is one of ${AGENCY_KINDS.join(', ')}`);
  return { name, shortName, kind: input.kind as AgencyKind };
}

function trimmed(text: unknown, max: number): string | undefined {
  if (typeof text !== 'string') return undefined;
  const value = text.trim();
  return value.length > 0 && value.length <= max ? value : undefined;
}

const invalid = (field: string, message: string): Rejection => reject(Codes.INVALID_INPUT, message, field);
