import { AgencyProfile, AgencyRegisterEvent, assertNever } from '@palembang/events/core';

export type { AgencyKind, AgencyProfile, AgencyRegistered, AgencyRegisterEvent, AgencyRetired, AgencyUpdated } from '@palembang/events/core';
export { AGENCY_KINDS, agencyStreamId, isAgencyIdFormat } from '@palembang/events/core';

/** One OPD of the register, as its stream `agency-<agencyId>` folds. */
export type Agency =
  | Readonly<{ status: 'absent' }>
  /** Registered: records (clients, permit types, categories, programs) may name it; the metrics list it. */
  | (AgencyProfile & Readonly<{ status: 'active'; agencyId: string; registeredAt: string }>)
  /** Retired (merged or dissolved): new records may not name it; its history stays. */
  | (AgencyProfile & Readonly<{ status: 'retired'; agencyId: string; registeredAt: string; retiredAt: string }>);

export const initialAgency = (): Agency => ({ status: 'absent' });

export function evolveAgency(state: Agency, event: AgencyRegisterEvent): Agency {
  switch (event.type) {
    case 'AgencyRegistered': {
      const { agencyId, name, shortName, kind, registeredAt } = event.data;
      return { status: 'active', agencyId, name, shortName, kind, registeredAt };
    }
    case 'AgencyUpdated': {
      if (state.status !== 'active') return state;
      const { name, shortName, kind } = event.data;
      return { ...state, name, shortName, kind };
    }
    case 'AgencyRetired':
      return state.status === 'active' ? { ...state, status: 'retired', retiredAt: event.data.retiredAt } : state;
    default:
      return assertNever(event);
  }
}
