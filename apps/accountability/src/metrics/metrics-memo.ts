import type { FactsSnapshot } from './metrics-snapshot';

/** Values kept per snapshot and minute, at most: periods and agency ids in requests are the caller's choice. */
const MAX_COMPUTED_PER_MINUTE = 5_000;

const computed = new WeakMap<FactsSnapshot, { asOf: string; values: Map<string, unknown> }>();

/**
 * Computes `key`'s value once per snapshot and `asOf` minute: requests sharing
 * a snapshot (see MetricsReader.snapshot) share the figures computed from it.
 * Only the latest minute's values are kept; they go with the snapshot.
 */
export function onceForSnapshot<T>(snapshot: FactsSnapshot, asOf: string, key: string, compute: () => T): T {
  let memo = computed.get(snapshot);
  if (!memo || memo.asOf < asOf) computed.set(snapshot, (memo = { asOf, values: new Map() }));
  if (memo.asOf !== asOf) return compute();
  if (memo.values.has(key)) return memo.values.get(key) as T;
  const value = compute();
  if (memo.values.size < MAX_COMPUTED_PER_MINUTE) memo.values.set(key, value);
  return value;
}
