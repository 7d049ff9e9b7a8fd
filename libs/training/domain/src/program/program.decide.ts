import { assertNever, Command, Decider, Decision, reject, Rejection } from '@palembang/events/core';
import { invalidInput, invalidTransition, isAgencyId, isId, isJp, rejectionCodes, required, unique } from '../shared/rules';
import { COMPETENCY_AREAS, DELIVERY_MODES, detailsOf, evolveProgram, initialProgram, Program, ProgramDetails, ProgramEvent } from './program';

type Ref = { programId: string };

/** The agency sending it (`metadata.agencyId`) owns the program. */
export type CreateProgram = Command<'CreateProgram', Ref & ProgramDetails>;
/** Changes the details given; the others stay. An update that changes nothing records nothing. */
export type UpdateProgram = Command<'UpdateProgram', Ref & Partial<ProgramDetails>>;
export type RetireProgram = Command<'RetireProgram', Ref & { reason: string }>;

export type ProgramCommand = CreateProgram | UpdateProgram | RetireProgram;

/** PROGRAM.NOT_FOUND 404, FORBIDDEN 403 (not the owning agency), INVALID_INPUT 400, ALREADY_EXISTS and INVALID_TRANSITION 409. */
export const ProgramRejectionCodes = rejectionCodes('PROGRAM');
const Codes = ProgramRejectionCodes;

export type ProgramDecider = Decider<ProgramCommand, ProgramEvent, Program>;

const DETAIL_FIELDS: readonly (keyof ProgramDetails)[] = ['code', 'title', 'competencyArea', 'jp', 'deliveryMode', 'provider', 'description', 'xapiActivityIds'];

/**
 * A training program of the catalogue.
 *
 *   absent --create--> active --update--> active --retire--> retired
 *
 * Only the owning agency updates or retires its program.
 */
export function programDecider(): ProgramDecider {
  function decide(command: ProgramCommand, state: Program): Decision<ProgramEvent> {
    const meta = command.metadata;
    if (command.type === 'CreateProgram') {
      if (state.status !== 'absent') return reject(Codes.ALREADY_EXISTS, `Program ${command.data.programId} already exists`);
      if (!isId(command.data.programId)) return invalidInput(Codes, 'programId', 'The program id is required');
      const { programId, ...details } = command.data;
      const normalised = normalisedDetails(details);
      if ('rejected' in normalised) return normalised;
      return [{ type: 'ProgramCreated', data: { programId, agencyId: meta.agencyId, ...normalised, createdAt: meta.now } }];
    }
    if (state.status === 'absent') return reject(Codes.NOT_FOUND, `No program ${command.data.programId}`);
    if (meta.agencyId !== state.agencyId) return reject(Codes.FORBIDDEN, `Only ${state.agencyId}, which owns the program, may change it`);
    if (state.status !== 'active') return invalidTransition(Codes, 'program', state.status, command.type);
    const ref = { programId: state.programId, agencyId: state.agencyId };
    switch (command.type) {
      case 'UpdateProgram': {
        const changes = Object.fromEntries(DETAIL_FIELDS.filter((field) => command.data[field] !== undefined).map((field) => [field, command.data[field]]));
        const normalised = normalisedDetails({ ...detailsOf(state), ...changes });
        if ('rejected' in normalised) return normalised;
        const changed = DETAIL_FIELDS.filter((field) => JSON.stringify(normalised[field]) !== JSON.stringify(state[field]));
        return changed.length === 0 ? [] : [{ type: 'ProgramUpdated', data: { ...ref, ...normalised, changed, updatedAt: meta.now } }];
      }
      case 'RetireProgram': {
        const reason = required(command.data.reason, 1000);
        if (!reason) return invalidInput(Codes, 'reason', 'Say why the program is retired (at most 1000 characters)');
        return [{ type: 'ProgramRetired', data: { ...ref, reason, retiredAt: meta.now } }];
      }
      default:
        return assertNever(command);
    }
  }

  return { decide, evolve: evolveProgram, initialState: initialProgram };
}

/** The details trimmed and checked, or the first problem. */
export function normalisedDetails(details: ProgramDetails): ProgramDetails | Rejection {
  const invalid = (field: string, message: string) => invalidInput(Codes, field, message);
  if (typeof details.code !== 'string' || !/^[A-Z0-9][A-Z0-9-]{1,39}$/.test(details.code)) return invalid('code', 'The code must be 2-40 upper case letters, digits or dashes');
  const title = required(details.title, 200);
  if (!title) return invalid('title', 'The title is required (at most 200 characters)');
  if (!COMPETENCY_AREAS.includes(details.competencyArea)) return invalid('competencyArea', `The competency area must be one of ${COMPETENCY_AREAS.join(', ')}`);
  if (!isJp(details.jp)) return invalid('jp', 'The length must be a whole number of JP from 1 to 400');
  if (!DELIVERY_MODES.includes(details.deliveryMode)) return invalid('deliveryMode', `The delivery mode must be one of ${DELIVERY_MODES.join(', ')}`);
  const provider = details.provider;
  if (!provider || (provider.kind !== 'agency' && provider.kind !== 'partner')) return invalid('provider.kind', 'The provider is an agency or a partner');
  if (provider.kind === 'agency' ? !isAgencyId(provider.id) : !isId(provider.id)) return invalid('provider.id', 'The provider id is required');
  const description = typeof details.description === 'string' ? details.description.trim() : undefined;
  if (description === undefined || description.length > 4000) return invalid('description', 'The description must be text of at most 4000 characters');
  if (!Array.isArray(details.xapiActivityIds)) return invalid('xapiActivityIds', 'The xAPI activity ids must be a list of IRIs');
  const activityIds = unique(details.xapiActivityIds.map((iri) => (typeof iri === 'string' ? iri.trim() : '')));
  if (activityIds.some((iri) => !isIri(iri))) return invalid('xapiActivityIds', 'Each xAPI activity id must be an absolute IRI such as https://lms.palembang.go.id/activities/ppbd');
  return { code: details.code, title, competencyArea: details.competencyArea, jp: details.jp, deliveryMode: details.deliveryMode, provider: { kind: provider.kind, id: provider.id }, description, xapiActivityIds: activityIds };
}

/** An absolute IRI (xAPI activity ids are IRIs): a scheme, a colon, no spaces. */
export function isIri(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(value) && value.length <= 2048;
}
