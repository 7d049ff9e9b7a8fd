import { Injectable } from '@nestjs/common';
import { ChangedAgencies } from '../projection/metrics-changes';
import { AgencyTallies } from './aggregate-queries';
import { AgencyName } from './metrics-figures';

/** The agencies every answer lists: the register's, and those with cases that are not in it (name null). */
export type ListedAgencies = readonly AgencyName[];

/** Answer instants kept: the current minute's and a few before it, of a few periods. */
const MAX_INSTANTS = 8;

/**
 * The tallies of each agency per period and answer instant (`asOf`, a whole minute), kept between
 * answers: an agency's are dropped when the projection commits a change to it, so an answer reads
 * only the agencies changed since the one before (MetricsReader). It keeps nothing unless it hears
 * every change: MetricsChangeListener starts it once it LISTENs and stops (empties) it when that
 * connection is lost. Each process (each replica) keeps its own, told by the same notifications.
 *
 * A read may race a change: it takes a mark before reading the database, and what it read is kept
 * only for the agencies no change was heard of since that mark. A change heard later committed either
 * after the read's snapshot (what was read misses it: not kept) or before (kept all the same would be
 * right, but it cannot be told apart); a change heard before the mark is in the snapshot.
 *
 * It keeps the list of agencies the same way: the list changes when the register does (its own
 * notification, `registerChanged`) or when an agency outside the register gains or loses its cases, and
 * every change to such an agency is heard as a change naming an agency the register does not hold.
 */
@Injectable()
export class TalliesCache {
  private readonly instants = new Map<string, Map<string, AgencyTallies>>();
  /** Per agency, the count of changes heard when its last one was. */
  private readonly lastChanged = new Map<string, number>();
  private changesHeard = 0;
  private lastEmptied = 0;
  private listed?: ListedAgencies;
  /** The registered ids of the list read last (kept or not), none once the register changed: a change naming another agency may change the list. */
  private registered: ReadonlySet<string> = new Set();
  private registeredMark = -1;
  private lastListChange = 0;
  private caching = false;
  /** Agency tallies asked for, and those read from the database (the others came from here). */
  readonly counts = { asked: 0, read: 0 };

  get isCaching(): boolean {
    return this.caching;
  }

  /** The agencies cached for one instant (for tests and diagnostics). */
  cachedAgencies(period: string, asOf: string): string[] {
    return [...(this.instants.get(instantKey(period, asOf))?.keys() ?? [])];
  }

  /** Starts keeping tallies, empty: call only once every change from now on will be heard. */
  start(): void {
    this.empty();
    this.caching = true;
  }

  /** Stops keeping tallies and forgets them: changes are not heard any more. */
  stop(): void {
    this.caching = false;
    this.empty();
  }

  /** A committed change: the named agencies' tallies (or all) are out of date, and the list if one is outside the register. */
  changed(agencies: ChangedAgencies): void {
    if (agencies === 'everything') return this.empty();
    this.changesHeard += 1;
    for (const agency of agencies) {
      this.lastChanged.set(agency, this.changesHeard);
      for (const kept of this.instants.values()) kept.delete(agency);
      if (!this.registered.has(agency)) this.forgetList();
    }
  }

  /** A committed change to the register: the list of agencies is out of date. */
  registerChanged(): void {
    this.changesHeard += 1;
    this.forgetList();
    this.forgetRegistered();
  }

  /** The list of agencies kept, if any. */
  listing(): ListedAgencies | undefined {
    return this.listed;
  }

  /** Keeps a list read after `mark` was taken, unless it may have changed since. `registered`: the ids in it the register holds. */
  keepListing(listed: ListedAgencies, registered: ReadonlySet<string>, mark: number): void {
    // Of two reads finishing out of order, the one that began last tells.
    if (mark >= this.registeredMark) [this.registered, this.registeredMark] = [registered, mark];
    if (this.caching && this.lastEmptied <= mark && this.lastListChange <= mark) this.listed = listed;
  }

  /** To take before reading the database; pass it to `keep`. */
  mark(): number {
    return this.changesHeard;
  }

  /** The kept tallies of the agencies, and the agencies that must be read. */
  lookup(period: string, asOf: string, agencies: readonly string[]): { found: Map<string, AgencyTallies>; missing: string[] } {
    const kept = this.instants.get(instantKey(period, asOf));
    const found = new Map<string, AgencyTallies>();
    const missing: string[] = [];
    for (const agency of agencies) {
      const tallies = kept?.get(agency);
      if (tallies) found.set(agency, tallies);
      else missing.push(agency);
    }
    this.counts.asked += agencies.length;
    this.counts.read += missing.length;
    return { found, missing };
  }

  /** Keeps tallies read after `mark` was taken, but those of agencies changed since. */
  keep(period: string, asOf: string, read: ReadonlyMap<string, AgencyTallies>, mark: number): void {
    if (!this.caching || this.lastEmptied > mark) return;
    const key = instantKey(period, asOf);
    let kept = this.instants.get(key);
    if (kept) this.instants.delete(key);
    else kept = new Map();
    // Most recently used last: the first is the one to forget.
    this.instants.set(key, kept);
    for (const [agency, tallies] of read) if ((this.lastChanged.get(agency) ?? 0) <= mark) kept.set(agency, tallies);
    if (this.instants.size > MAX_INSTANTS) this.instants.delete(this.instants.keys().next().value as string);
  }

  private empty(): void {
    this.changesHeard += 1;
    this.lastEmptied = this.changesHeard;
    this.instants.clear();
    this.lastChanged.clear();
    this.listed = undefined;
    this.forgetRegistered();
  }

  private forgetList(): void {
    this.lastListChange = this.changesHeard;
    this.listed = undefined;
  }

  /**
   * The register may have changed unheard of: until a list read after now tells it again, every change
   * may change the list (an agency retired, say, whose first case a racing read did not see).
   */
  private forgetRegistered(): void {
    this.registered = new Set();
    this.registeredMark = this.changesHeard;
  }
}

const instantKey = (period: string, asOf: string) => `${period} ${asOf}`;
