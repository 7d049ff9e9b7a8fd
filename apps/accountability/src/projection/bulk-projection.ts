import {
  applyComplaintEvent,
  applyPermitEvent,
  ComplaintCaseFacts,
  complaintContributions,
  FactsCalendar,
  PermitCaseFacts,
  permitContributions,
  SurveyFacts,
  surveyContributions,
  surveyFactsOf,
} from '@palembang/accountability-domain';
import { EventEnvelope } from '@palembang/events';
import { EntityManager } from 'typeorm';
import { addChanges, AggregateDelta, AggregateSums, applyAggregateDelta, CaseChange } from './aggregate-store';
import { copyRows, CopyValue } from './copy-rows';
import { pseudonymOf } from './metric-tables';
import { notifyEverythingChanged } from './metrics-changes';
import { applicationIdOf, complaintIdOf, EventKind, kindOf, projectEvents } from './project-event';

export type BulkTarget = Readonly<{
  schema: string;
  calendar: FactsCalendar;
  /**
   * Aggregate rows summed in memory across flushes before they are written (default 300,000, about
   * 100 MB): the day, month and year rows of cases flushed apart are then mostly written once, and
   * each write is short enough to overlap the folding of the next cases.
   */
  heldAggregateRows?: number;
  /**
   * The schema held nothing when this projection started (a rebuild's new generation): a case or
   * stream it has not written itself is then not looked up, as long as it remembers what it wrote
   * (up to REMEMBERED_IDS ids; beyond that it looks up every id it does not hold, as it does otherwise).
   */
  startsEmpty?: boolean;
}>;

export type FlushOptions = Readonly<{
  /** Also the aggregates summed so far, however few (the last flush, before a switch). */
  everything?: boolean;
  /** Transactions writing the aggregates side by side, over disjoint keys (default 1; 2 uses both cores of a small machine). */
  writers?: number;
}>;

const HELD_AGGREGATE_ROWS = 300_000;

/** Ids of written cases and streams remembered by a projection that started on an empty schema (about 100 MB). */
const REMEMBERED_IDS = 1_000_000;

type Written = Record<'versions' | 'permits' | 'complaints', Set<string>>;

/** Runs `work` in a transaction of its own (dataSource.transaction) or in one already open. */
export type InTransaction = (work: (manager: EntityManager) => Promise<void>) => Promise<void>;

/** What is held between two flushes. */
type Held = {
  permits: Map<string, CaseChange<PermitCaseFacts>>;
  complaints: Map<string, CaseChange<ComplaintCaseFacts>>;
  surveys: Map<string, SurveyFacts>;
  versions: Map<string, number>;
  training: EventEnvelope[];
};

const nothingHeld = (): Held => ({ permits: new Map(), complaints: new Map(), surveys: new Map(), versions: new Map(), training: [] });

/**
 * The projection of many events at once, for a rebuild and the scale benchmark's load: the
 * live projection's fold (applyPermitEvent, applyComplaintEvent, surveyFactsOf) and
 * contributions (aggregate-store.ts), with the same idempotence by stream version, but with
 * the cases it changed kept in memory between batches and written by flush(): each case's
 * facts once, each aggregate row once per flush however many batches touched it, in large
 * statements whose rows travel as one JSON text. For a writer that is alone on its schema
 * (a rebuild's next generation, a load before the service runs): it takes no row locks, and
 * what it holds is lost if the process dies, so it must start again from the beginning.
 * Flushes may overlap the next batches (the caller awaits the previous flush before the next):
 * a case being flushed is read from memory until its flush has committed.
 */
export class BulkProjection {
  private held = nothingHeld();
  private flushing = nothingHeld();
  private inFlight: Promise<void> = Promise.resolve();
  private readonly sums = new AggregateSums();
  /** What it has written, while it started on an empty schema and remembers all of it (else undefined: look everything up). */
  private written: Written | undefined;

  constructor(private readonly target: BulkTarget) {
    if (target.startsEmpty) this.written = { versions: new Set(), permits: new Set(), complaints: new Set() };
  }

  /** Cases and surveys changed since the last flush. */
  get heldCases(): number {
    return this.held.permits.size + this.held.complaints.size + this.held.surveys.size;
  }

  /** Folds a batch of events in their order into what is held; `manager` reads what earlier flushes wrote. */
  async add(events: readonly EventEnvelope[], manager: EntityManager): Promise<void> {
    const keys = new Map<string, string>();
    const keyOf = (event: EventEnvelope): string => {
      let key = keys.get(event.streamId);
      if (key === undefined) keys.set(event.streamId, (key = pseudonymOf(event.streamId)));
      return key;
    };
    const kinds = events.map(kindOf);
    // Training events are claimed by the live projection's path when flushed (see write).
    const claims = events.map((event, index) => (kinds[index] !== 'training' && isVersioned(event) ? keyOf(event) : undefined));
    const permitIds: string[] = [];
    const complaintIds: string[] = [];
    events.forEach((event, index) => {
      if (kinds[index] === 'permit') permitIds.push(applicationIdOf(event) as string);
      else if (kinds[index] === 'complaint') complaintIds.push(complaintIdOf(event) as string);
    });
    const unknown = {
      versions: this.unknown(claims, 'versions'),
      permits: this.unknown(permitIds, 'permits'),
      complaints: this.unknown(complaintIds, 'complaints'),
    };
    let [applied, permits, complaints] = [new Map<string, number>(), new Map<string, PermitCaseFacts>(), new Map<string, ComplaintCaseFacts>()];
    // Nothing to look up (a rebuild meets most cases first in memory): no wait, so no flush can start meanwhile.
    if (unknown.versions.length + unknown.permits.length + unknown.complaints.length > 0) {
      const [heldThen, flushingThen] = [this.held, this.flushing];
      [applied, permits, complaints] = await Promise.all([
        stored<number>(manager, `SELECT stream_key AS id, version AS value FROM ${this.target.schema}.stream_versions WHERE stream_key = ANY($1::text[])`, unknown.versions),
        stored<PermitCaseFacts>(manager, `SELECT application_id AS id, facts AS value FROM ${this.target.schema}.permit_facts WHERE application_id = ANY($1::text[])`, unknown.permits),
        stored<ComplaintCaseFacts>(manager, `SELECT complaint_id AS id, facts AS value FROM ${this.target.schema}.complaint_facts WHERE complaint_id = ANY($1::text[])`, unknown.complaints),
      ]);
      // The lookups skipped what was in memory when they started; a flush may have taken it from memory (started or committed)
      // while they ran, so it is taken from what memory held then, as it was written.
      recall(applied, claims, [heldThen.versions, flushingThen.versions], (version) => version);
      recall(permits, permitIds, [heldThen.permits, flushingThen.permits], (change) => change.after);
      recall(complaints, complaintIds, [heldThen.complaints, flushingThen.complaints], (change) => change.after);
    }
    // From here on nothing waits: a flush cannot start half-way through the fold.
    events.forEach((event, index) => {
      const key = claims[index];
      if (key !== undefined) {
        const known = this.held.versions.get(key) ?? this.flushing.versions.get(key) ?? applied.get(key);
        if ((known ?? -Infinity) >= event.streamVersion) return;
        this.held.versions.set(key, event.streamVersion);
      }
      this.fold(event, kinds[index], permits, complaints);
    });
  }

  /**
   * Writes what is held (after the previous flush has finished): stream versions and facts; their contributions join the aggregate sums, which are written too when
   * they have grown large or `everything` is asked. Resolves once committed; what it wrote is no
   * longer held. The facts may thus be written before their aggregates: a bulk writer's tables
   * are read only once it has flushed everything.
   */
  async flush(inTransaction: InTransaction, options: FlushOptions = {}): Promise<void> {
    const previous = this.inFlight;
    const flushed = (async () => {
      await previous.catch(() => undefined);
      this.flushing = this.held;
      this.held = nothingHeld();
      try {
        await this.write(this.flushing, inTransaction, options.writers ?? 1);
      } finally {
        // Remembered even if the write failed: a lookup then finds nothing, which is what is stored.
        this.remember(this.flushing);
        this.flushing = nothingHeld();
      }
      if (options.everything || this.sums.size >= (this.target.heldAggregateRows ?? HELD_AGGREGATE_ROWS)) await this.writeAggregates(inTransaction, options.writers ?? 1);
    })();
    this.inFlight = flushed;
    return flushed;
  }

  private fold(event: EventEnvelope, kind: EventKind, permits: ReadonlyMap<string, PermitCaseFacts>, complaints: ReadonlyMap<string, ComplaintCaseFacts>): void {
    const { calendar } = this.target;
    switch (kind) {
      case 'permit':
        return foldCase(this.held.permits, this.flushing.permits, permits, applicationIdOf(event) as string, (current) => applyPermitEvent(current, event, calendar));
      case 'complaint':
        return foldCase(this.held.complaints, this.flushing.complaints, complaints, complaintIdOf(event) as string, (current) => applyComplaintEvent(current, event, calendar));
      case 'survey': {
        const survey = surveyFactsOf(event) as SurveyFacts;
        if (!this.held.surveys.has(survey.surveyId)) this.held.surveys.set(survey.surveyId, survey);
        return;
      }
      case 'training':
        this.held.training.push(event);
        return;
    }
  }

  /** The ids neither held nor being flushed that the schema may hold (the rest is read from memory when folding). */
  private unknown(ids: readonly (string | undefined)[], held: 'versions' | 'permits' | 'complaints'): string[] {
    const written = this.written?.[held];
    const [heldIds, flushingIds] = [this.held[held], this.flushing[held]];
    const unknown = new Set<string>();
    // What it never wrote first: on an empty schema that is nearly every id, settled by one lookup.
    for (const id of ids) if (id !== undefined && (written === undefined || written.has(id)) && !heldIds.has(id) && !flushingIds.has(id)) unknown.add(id);
    return [...unknown];
  }

  private remember(flushed: Held): void {
    const written = this.written;
    if (written === undefined) return;
    if (written.versions.size + written.permits.size + written.complaints.size + flushed.versions.size + flushed.permits.size + flushed.complaints.size > REMEMBERED_IDS) {
      this.written = undefined;
      return;
    }
    for (const key of flushed.versions.keys()) written.versions.add(key);
    for (const id of flushed.permits.keys()) written.permits.add(id);
    for (const id of flushed.complaints.keys()) written.complaints.add(id);
  }

  /** Whether an id is surely not stored yet (this projection started on an empty schema and remembers writing none such): it can be inserted without an upsert. */
  private neverWritten(kind: keyof Written): (id: string) => boolean {
    const written = this.written?.[kind];
    return written === undefined ? () => false : (id) => !written.has(id);
  }

  private async writeAggregates(inTransaction: InTransaction, writers: number): Promise<void> {
    const { schema } = this.target;
    const delta = this.sums.take();
    await Promise.all(splitDelta(delta, writers).map((part) => inTransaction((manager) => applyAggregateDelta(manager, schema, part))));
    // Loading the live schema: readers keeping tallies must forget them (nothing for a rebuild's next schema).
    await inTransaction((manager) => notifyEverythingChanged(manager, schema));
  }

  /**
   * Writes what `held` holds in transactions side by side (stream versions, permit facts in
   * `writers` parts, the rest), so PostgreSQL writes on more than one core: they touch disjoint rows,
   * and nothing reads a bulk writer's tables before it is done. Their contributions join the sums
   * while they are written.
   */
  private async write(held: Held, inTransaction: InTransaction, writers: number): Promise<void> {
    const { schema } = this.target;
    const sums = this.sums;
    const written = await Promise.allSettled([
      inTransaction((manager) => writeVersions(manager, schema, held.versions, this.neverWritten('versions'))),
      ...splitMap(held.permits, writers).map((permits) =>
        inTransaction((manager) =>
          writeFacts(manager, `${schema}.permit_facts`, 'application_id, agency_id, submitted_at, decided_at', permits, this.neverWritten('permits'), (id, fact) => [id, fact.agencyId, fact.submittedAt, fact.decidedAt]),
        ),
      ),
      inTransaction(async (manager) => {
        await writeFacts(manager, `${schema}.complaint_facts`, 'complaint_id, agency_id, received_at, resolved_at', held.complaints, this.neverWritten('complaints'), (id, fact) => [id, fact.agencyId, fact.receivedAt, fact.resolvedAt]);
        addChanges(sums, held.permits.values(), permitContributions);
        addChanges(sums, held.complaints.values(), complaintContributions);
        const added = await insertSurveys(manager, schema, [...held.surveys.values()]);
        addChanges(sums, added.map((after) => ({ before: undefined, after })), surveyContributions);
        // Training is rare and reads what it changes: the live projection's own path, in order.
        if (held.training.length > 0) await projectEvents(held.training, manager, { schema, calendar: this.target.calendar, live: false });
      }),
    ]);
    const failed = written.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

}

const isVersioned = (event: EventEnvelope) => Number.isSafeInteger(event.streamVersion) && typeof event.streamId === 'string';

/** Splits sorted rows into `parts` runs of consecutive keys (the pending entries, few, go with the first). */
function splitDelta(delta: AggregateDelta, parts: number): AggregateDelta[] {
  const size = Math.ceil(delta.rows.length / parts);
  return Array.from({ length: parts }, (_, part) => ({ rows: delta.rows.slice(part * size, (part + 1) * size), pending: part === 0 ? delta.pending : [], inKeyOrder: true }));
}

/** A map's entries in `parts` maps of about the same size. */
function splitMap<K, V>(map: ReadonlyMap<K, V>, parts: number): Array<ReadonlyMap<K, V>> {
  if (parts <= 1 || map.size === 0) return [map];
  const entries = [...map];
  const size = Math.ceil(entries.length / parts);
  return Array.from({ length: parts }, (_, part) => new Map(entries.slice(part * size, (part + 1) * size)));
}

/** Applies an event to a case as held, being flushed, or stored, in that order of freshness. */
function foldCase<F>(held: Map<string, CaseChange<F>>, flushing: ReadonlyMap<string, CaseChange<F>>, stored: ReadonlyMap<string, F>, id: string, apply: (current: F | undefined) => F | undefined): void {
  const change = held.get(id);
  const before = change ? change.before : (flushing.get(id)?.after ?? stored.get(id));
  const current = change ? change.after : before;
  const next = apply(current);
  if (next === undefined || next === current) return;
  held.set(id, { before, after: next });
}

/** Stream versions: those never written by COPY, the others by an upsert that keeps the higher version. */
async function writeVersions(manager: EntityManager, schema: string, versions: ReadonlyMap<string, number>, neverWritten: (key: string) => boolean): Promise<void> {
  const [fresh, known] = partition(versions, neverWritten);
  await copyRows(manager, `${schema}.stream_versions`, ['stream_key', 'version'], fresh);
  if (known.length === 0) return;
  await manager.query(
    `INSERT INTO ${schema}.stream_versions AS t (stream_key, version) SELECT r->>0, (r->>1)::int FROM jsonb_array_elements($1::jsonb) AS r
     ON CONFLICT (stream_key) DO UPDATE SET version = EXCLUDED.version WHERE t.version < EXCLUDED.version`,
    [JSON.stringify(known)],
  );
}

/**
 * Writes facts with their version and the four columns `columns` names (id, agency, two instants):
 * those of cases never written by COPY, the others by an upsert.
 */
async function writeFacts<F extends { version: number }>(
  manager: EntityManager,
  table: string,
  columns: string,
  changes: ReadonlyMap<string, CaseChange<F>>,
  neverWritten: (id: string) => boolean,
  columnsOf: (id: string, fact: F) => [string, string, string, string | null],
): Promise<void> {
  if (changes.size === 0) return;
  const [fresh, known] = partition(changes, neverWritten);
  const rowOf = ([id, { after }]: readonly [string, CaseChange<F>]) => {
    const row: CopyValue[] = columnsOf(id, after);
    row.push(after.version, JSON.stringify(after));
    return row;
  };
  const names = columns.split(', ');
  await copyRows(manager, table, [...names, 'version', 'facts'], fresh.map(rowOf));
  if (known.length === 0) return;
  await manager.query(
    `INSERT INTO ${table} (${columns}, version, facts)
     SELECT r->>0, r->>1, (r->>2)::timestamptz, (r->>3)::timestamptz, (r->>4)::int, r->5 FROM jsonb_array_elements($1::jsonb) AS r
     ON CONFLICT (${names[0]}) DO UPDATE SET ${names.slice(1).map((name) => `${name} = EXCLUDED.${name}`).join(', ')}, version = EXCLUDED.version, facts = EXCLUDED.facts`,
    [JSON.stringify(known.map(([id, { after }]) => [...columnsOf(id, after), after.version, after]))],
  );
}

/** A map's entries split by `test` on their key: those it holds for, then the others. */
function partition<V>(map: ReadonlyMap<string, V>, test: (key: string) => boolean): [Array<[string, V]>, Array<[string, V]>] {
  const passed: Array<[string, V]> = [];
  const failed: Array<[string, V]> = [];
  for (const entry of map) (test(entry[0]) ? passed : failed).push(entry);
  return [passed, failed];
}

/** What the schema holds for `ids`, by id. */
async function stored<T>(manager: EntityManager, sql: string, ids: readonly string[]): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  const rows: Array<{ id: string; value: T }> = await manager.query(sql, [ids]);
  return new Map(rows.map((row) => [row.id, row.value]));
}

/** A survey is recorded once (its id): returns the ones inserted now, the only ones that count. */
async function insertSurveys(manager: EntityManager, schema: string, surveys: readonly SurveyFacts[]): Promise<SurveyFacts[]> {
  if (surveys.length === 0) return [];
  const inserted: Array<{ survey_id: string }> = await manager.query(
    `INSERT INTO ${schema}.survey_facts (survey_id, agency_id, submitted_at, facts)
     SELECT r->>'surveyId', r->>'agencyId', (r->>'submittedAt')::timestamptz, r FROM jsonb_array_elements($1::jsonb) AS r
     ON CONFLICT (survey_id) DO NOTHING RETURNING survey_id`,
    [JSON.stringify(surveys)],
  );
  const added = new Set(inserted.map((row) => row.survey_id));
  return surveys.filter((survey) => added.has(survey.surveyId));
}

/** Adds to `into` each id's value (as `valueOf` reads it) from the first of `memories` holding it, unless `into` has it (the newest memory first). */
function recall<T, M>(into: Map<string, T>, ids: readonly (string | undefined)[], memories: ReadonlyArray<ReadonlyMap<string, M>>, valueOf: (remembered: M) => T): void {
  for (const id of ids) {
    if (id === undefined || into.has(id)) continue;
    const memory = memories.find((candidate) => candidate.has(id));
    if (memory) into.set(id, valueOf(memory.get(id) as M));
  }
}
