import { compareText } from './compare';

/** Items grouped by a key, groups in key order (code units), items in their input order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): readonly (readonly [key: string, items: readonly T[]])[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => compareText(a, b));
}

/** Figures per agency from facts that carry an agency id, agencies in id order. */
export function perAgency<T extends { agencyId: string }, F>(facts: readonly T[], figuresOf: (facts: readonly T[]) => F): readonly (readonly [agencyId: string, figures: F])[] {
  return groupBy(facts, (fact) => fact.agencyId).map(([agencyId, own]) => [agencyId, figuresOf(own)] as const);
}
