import { EventContract } from './contracts';
import { Event } from './event';

type DataOf<E extends Event, Type> = Extract<E, { type: Type }>['data'];

/**
 * A context's event contracts written out by hand, for its contract test: per event type, the
 * schema version, the data's top-level fields and the personal fields. A table that
 * `satisfies EventContractTable<E>` names every event type of `E` and no other, and lists no
 * field its event lacks; `EveryFieldListed` adds that it leaves out none. Those field checks
 * are the compiler's (the library's build type-checks its specs); at run time the test compares
 * the registry's schema versions and personal fields with the table (`contractsAsTable`,
 * `declaredIn`). Either way a contract changed without its test fails.
 */
export type EventContractTable<E extends Event> = {
  readonly [Type in E['type']]: Readonly<{ schemaVersion: number; fields: readonly (keyof DataOf<E, Type> & string)[]; personal: readonly string[] }>;
};

/** The fields of each event that its row of the table leaves out, as `Type.field`. */
export type UnlistedFields<E extends Event, Table extends EventContractTable<E>> = {
  [Type in E['type']]: `${Type}.${Exclude<keyof DataOf<E, Type>, Table[Type]['fields'][number]> & string}`;
}[E['type']];

/** `true` when the table lists every field of every event; otherwise a type naming the fields left out, to which `true` is not assignable. */
export type EveryFieldListed<E extends Event, Table extends EventContractTable<E>> = [UnlistedFields<E, Table>] extends [never] ? true : { unlisted: UnlistedFields<E, Table> };

/** What a registry declares, per event type, in the table's terms (the fields are the types' to check, at compile time). */
export function contractsAsTable(contracts: readonly EventContract[]): Record<string, { schemaVersion: number; personal: readonly string[] }> {
  return Object.fromEntries(contracts.map((contract) => [contract.type, { schemaVersion: contract.schemaVersion, personal: [...(contract.personalData?.fields ?? [])] }]));
}

/** The table without its field lists, to compare with `contractsAsTable`. */
export function declaredIn(table: Readonly<Record<string, Readonly<{ schemaVersion: number; fields?: readonly string[]; personal: readonly string[] }>>>): Record<string, { schemaVersion: number; personal: readonly string[] }> {
  return Object.fromEntries(Object.entries(table).map(([type, { schemaVersion, personal }]) => [type, { schemaVersion, personal: [...personal] }]));
}
