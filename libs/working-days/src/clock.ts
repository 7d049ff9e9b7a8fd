/** Tells the time as an ISO 8601 instant with an offset. Injected wherever time is needed. */
export type Clock = () => string;

/** The machine's clock, for composition roots only; domain code receives time with its commands. */
export const systemClock: Clock = () => new Date().toISOString();

/** A clock that always tells the same instant, for tests. */
export function fixedClock(instant: string): Clock {
  if (Number.isNaN(Date.parse(instant))) throw new RangeError(`Not an instant: ${instant}`);
  return () => instant;
}

/** The machine's clock shifted by `offsetMs`: a rehearsal of the future (deadlines passing) on real processes. */
export function offsetClock(offsetMs: number): Clock {
  return () => new Date(Date.now() + offsetMs).toISOString();
}
