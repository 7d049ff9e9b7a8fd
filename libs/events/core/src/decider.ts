import { Event } from './event';

/** An expected failure of a command, returned as a value: a dotted code and a message for people. */
export type Rejection = Readonly<{
  rejected: true;
  /** Dotted code such as PERMIT.ALREADY_DECIDED; mapped to an HTTP status in one place. */
  code: string;
  message: string;
  /** The input field at fault, when there is one. */
  field?: string;
}>;

export function reject(code: string, message: string, field?: string): Rejection {
  return field === undefined ? { rejected: true, code, message } : { rejected: true, code, message, field };
}

export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && (value as Rejection).rejected === true;
}

export type Decision<E extends Event> = readonly E[] | Rejection;

/** An aggregate as three pure functions. */
export type Decider<C, E extends Event, S> = Readonly<{
  decide: (command: C, state: S) => Decision<E>;
  evolve: (state: S, event: E) => S;
  initialState: () => S;
}>;

/** Folds events into state. */
export function foldEvents<C, E extends Event, S>(decider: Decider<C, E, S>, events: readonly E[]): S {
  return events.reduce(decider.evolve, decider.initialState());
}

/** For the `never` check that closes every exhaustive switch. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
