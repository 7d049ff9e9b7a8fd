import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Granularity, periodOf } from '@palembang/accountability-domain';
import { Clock } from '@palembang/working-days';
import { SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { DataSource } from 'typeorm';
import { FactsListener } from './facts-listener';
import { FactsSnapshot, readFactsSnapshot } from './metrics-snapshot';

/** A kept read is used for at most this long, even without a notification. */
const MAX_KEEP_MS = 60_000;

export const ACCOUNTABILITY_CLOCK = Symbol('ACCOUNTABILITY_CLOCK');

/**
 * Reads the facts (metrics-snapshot.ts) that the figures are computed from
 * (metrics-figures.ts), as the whole fact set of the current generation, so
 * every period and agency of an answer is consistent with the others.
 *
 * The fact set read is kept until the facts change: the projection notifies
 * FACTS_CHANGED_CHANNEL in the transaction that changes them, and the
 * FactsListener listens on a connection of its own. While it is not listening
 * (not connected yet, connection lost) nothing is kept and every request reads
 * afresh.
 */
@Injectable()
export class MetricsReader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener: FactsListener;
  private reading?: Promise<FactsSnapshot>;
  private kept?: FactsSnapshot;
  /** Counts change notifications and listener losses: a read during which it moved is not kept. */
  private changes = 0;
  private readingSince = 0;
  private keptAt = 0;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ACCOUNTABILITY_CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.listener = new FactsListener(config.databaseUrl, () => this.factsChanged());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  /**
   * The instant the figures are computed at: the clock rounded up to the next
   * whole minute, so an answer (and its ETag) stays the same within a minute
   * unless a fact changes; nothing has happened after it yet.
   */
  asOf(): string {
    const millis = Date.parse(this.clock());
    return new Date(Math.ceil(millis / 60_000) * 60_000).toISOString();
  }

  /** The current period of a granularity, in Jakarta time. */
  currentPeriod(granularity: Granularity): string {
    return periodOf(this.clock(), granularity);
  }

  /**
   * The facts as they are now: the kept read while no change was notified
   * (and for at most a minute, a backstop for any change that could not
   * notify), else a new read. Requests that arrive while a read is running
   * share it unless a change came after it started, so a burst of dashboard
   * requests costs one read, not one each.
   */
  snapshot(): Promise<FactsSnapshot> {
    if (this.listener.trusted && this.kept && Date.now() - this.keptAt < MAX_KEEP_MS) return Promise.resolve(this.kept);
    if (!this.reading || this.changes !== this.readingSince) {
      const changesBefore = this.changes;
      const reading = readFactsSnapshot(this.dataSource)
        .then((snapshot) => {
          if (this.listener.trusted && this.changes === changesBefore) {
            this.kept = snapshot;
            this.keptAt = Date.now();
          }
          return snapshot;
        })
        .finally(() => {
          if (this.reading === reading) this.reading = undefined;
        });
      this.reading = reading;
      this.readingSince = changesBefore;
    }
    return this.reading;
  }

  private factsChanged(): void {
    this.changes++;
    this.kept = undefined;
  }
}
