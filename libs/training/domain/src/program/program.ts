import { assertNever, Event } from '@palembang/events/core';

export type CompetencyArea = 'technical' | 'managerial' | 'socio-cultural' | 'digital-services';
export const COMPETENCY_AREAS: readonly CompetencyArea[] = ['technical', 'managerial', 'socio-cultural', 'digital-services'];

export type DeliveryMode = 'classroom' | 'e-learning' | 'blended';
export const DELIVERY_MODES: readonly DeliveryMode[] = ['classroom', 'e-learning', 'blended'];

/** Who teaches: an agency of the city (its id) or a partner institution (its partner id). */
export type Provider = Readonly<{ kind: 'agency' | 'partner'; id: string }>;

/** What a program is: everything but its id and owner, the part that UpdateProgram may change. */
export type ProgramDetails = Readonly<{
  /** Catalogue code, e.g. `PPBD-01`; unique in the catalogue (the service checks that, not the decider). */
  code: string;
  title: string;
  competencyArea: CompetencyArea;
  /** Length in JP (jam pelajaran, 45 minutes each): a whole number from 1 to 400. */
  jp: number;
  deliveryMode: DeliveryMode;
  provider: Provider;
  description: string;
  /** IRIs of the LMS activities mapped to this program: a completed xAPI statement on one of them credits the program's JP. */
  xapiActivityIds: readonly string[];
}>;

/** What every event of a program carries. `agencyId` is the agency that owns (provides) the program. */
export type ProgramRef = Readonly<{ programId: string; agencyId: string }>;

export type ProgramCreated = Event<'ProgramCreated', ProgramRef & ProgramDetails & { createdAt: string }>;
/** The program's details after the update, complete; `changed` names the fields that changed. */
export type ProgramUpdated = Event<'ProgramUpdated', ProgramRef & ProgramDetails & { changed: readonly (keyof ProgramDetails)[]; updatedAt: string }>;
export type ProgramRetired = Event<'ProgramRetired', ProgramRef & { reason: string; retiredAt: string }>;

export type ProgramEvent = ProgramCreated | ProgramUpdated | ProgramRetired;

export type Program =
  | Readonly<{ status: 'absent' }>
  /** In the catalogue: cohorts may be scheduled. */
  | (ProgramRef & ProgramDetails & Readonly<{ status: 'active'; createdAt: string }>)
  /** Out of the catalogue: no new cohorts; credits already earned stay. */
  | (ProgramRef & ProgramDetails & Readonly<{ status: 'retired'; createdAt: string; retiredAt: string }>);

export type ProgramStatus = Program['status'];

export const initialProgram = (): Program => ({ status: 'absent' });

export function evolveProgram(state: Program, event: ProgramEvent): Program {
  switch (event.type) {
    case 'ProgramCreated': {
      const { createdAt, ...program } = event.data;
      return { ...program, status: 'active', createdAt };
    }
    case 'ProgramUpdated': {
      if (state.status !== 'active') return state;
      return { ...state, ...detailsOf(event.data) };
    }
    case 'ProgramRetired':
      return state.status === 'active' ? { ...state, status: 'retired', retiredAt: event.data.retiredAt } : state;
    default:
      return assertNever(event);
  }
}

/** The details of a program, without id, owner and status. */
export function detailsOf(program: ProgramDetails): ProgramDetails {
  const { code, title, competencyArea, jp, deliveryMode, provider, description, xapiActivityIds } = program;
  return { code, title, competencyArea, jp, deliveryMode, provider: { kind: provider.kind, id: provider.id }, description, xapiActivityIds: [...xapiActivityIds] };
}
