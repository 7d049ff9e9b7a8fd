import { Event } from './event';

/** Turns the data of one schema version into the next; old events stay readable. */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** What the store needs to know about one event type. */
export type EventContract<E extends Event = Event> = Readonly<{
  type: E['type'];
  /** The current schema version; events stored with an older one are upcast on read. */
  schemaVersion: number;
  /** upcasters[v] turns version v into v + 1. */
  upcasters?: Readonly<Record<number, Upcaster>>;
  /** Fields (dotted paths into data) holding a citizen's personal data, and whose they are. */
  personalData?: Readonly<{
    subjectId: (data: E['data']) => string;
    fields: readonly string[];
    /**
     * The agency holding the person's case, when it is not the agency sending the event (an enrolment
     * is the employer's case, not the organiser's): that agency, not the sender, is linked to the person.
     */
    agencyId?: (data: E['data']) => string;
  }>;
}>;

export class EventContracts {
  private readonly byType = new Map<string, EventContract>();

  constructor(contracts: readonly EventContract[] = []) {
    for (const contract of contracts) this.register(contract);
  }

  register(contract: EventContract): this {
    if (this.byType.has(contract.type)) throw new Error(`Event type ${contract.type} is registered twice`);
    this.byType.set(contract.type, contract);
    return this;
  }

  get(type: string): EventContract | undefined {
    return this.byType.get(type);
  }

  schemaVersionOf(type: string): number {
    return this.byType.get(type)?.schemaVersion ?? 1;
  }

  /** Brings data stored at `fromVersion` up to the current schema version. */
  upcast(type: string, fromVersion: number, data: Record<string, unknown>): { schemaVersion: number; data: Record<string, unknown> } {
    const contract = this.byType.get(type);
    if (!contract) return { schemaVersion: fromVersion, data };
    let current = data;
    for (let version = fromVersion; version < contract.schemaVersion; version++) {
      const upcaster = contract.upcasters?.[version];
      if (!upcaster) throw new Error(`No upcaster for ${type} from schema version ${version}`);
      current = upcaster(current);
    }
    return { schemaVersion: Math.max(fromVersion, contract.schemaVersion), data: current };
  }
}

/** Declares a contract with its event's data type, for the registry of all event types. */
export function defineContract<E extends Event>(contract: EventContract<E>): EventContract {
  return contract as unknown as EventContract;
}
