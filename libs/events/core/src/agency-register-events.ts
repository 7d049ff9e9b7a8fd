import { defineContract, EventContract } from './contracts';
import { Event } from './event';

/**
 * The agency register's events: published by accountability on `accountability.events`
 * (stream `agency-<agencyId>`), followed by every service that keeps records naming an
 * agency, which refuses an agency the register does not hold.
 */

/** What an OPD is in the city's organisation; `pemerintah-kota` is the city government as a whole (its admins and dashboards). */
export type AgencyKind = 'dinas' | 'badan' | 'kecamatan' | 'sekretariat' | 'inspektorat' | 'satuan' | 'pemerintah-kota';
export const AGENCY_KINDS: readonly AgencyKind[] = ['dinas', 'badan', 'kecamatan', 'sekretariat', 'inspektorat', 'satuan', 'pemerintah-kota'];

/** Lower-case words joined by hyphens, e.g. `dinas-pupr`, `kecamatan-ilir-barat-i`. */
export const isAgencyIdFormat = (value: unknown): value is string => typeof value === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) && value.length <= 60;

export type AgencyProfile = Readonly<{ name: string; shortName: string; kind: AgencyKind }>;

export type AgencyRegistered = Event<'AgencyRegistered', { agencyId: string } & AgencyProfile & { registeredAt: string }>;
/** The profile after the change, complete; `changed` names the fields that changed. */
export type AgencyUpdated = Event<'AgencyUpdated', { agencyId: string } & AgencyProfile & { changed: readonly (keyof AgencyProfile)[]; updatedAt: string }>;
export type AgencyRetired = Event<'AgencyRetired', { agencyId: string; reason: string; retiredAt: string }>;

export type AgencyRegisterEvent = AgencyRegistered | AgencyUpdated | AgencyRetired;

export const agencyStreamId = (agencyId: string): string => `agency-${agencyId}`;

export const AGENCY_REGISTER_CONTRACTS: readonly EventContract[] = [
  defineContract<AgencyRegistered>({ type: 'AgencyRegistered', schemaVersion: 1 }),
  defineContract<AgencyUpdated>({ type: 'AgencyUpdated', schemaVersion: 1 }),
  defineContract<AgencyRetired>({ type: 'AgencyRetired', schemaVersion: 1 }),
];

const AGENCY_REGISTER_TYPES = new Set<string>(AGENCY_REGISTER_CONTRACTS.map((contract) => contract.type));

export const isAgencyRegisterEvent = (event: { type: string }): event is AgencyRegisterEvent => AGENCY_REGISTER_TYPES.has(event.type);
