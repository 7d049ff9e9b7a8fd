import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { describeError } from '@palembang/platform';
import { Client, Notification } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { REGISTER_CHANGED_CHANNEL } from '../agencies/register-changed.migration';
import { changedAgenciesOf, METRICS_CHANGED_CHANNEL } from '../projection/metrics-changes';
import { TalliesCache } from './tallies-cache';

export type ListenerTimings = Readonly<{ heartbeatMs: number; heartbeatTimeoutMs: number; retryMs: readonly number[] }>;

const TIMINGS: ListenerTimings = { heartbeatMs: 10_000, heartbeatTimeoutMs: 5_000, retryMs: [100, 500, 1_000, 5_000] };

/** Other timings for the listener (tests); without it, TIMINGS. */
export const METRICS_LISTENER_TIMINGS = Symbol('METRICS_LISTENER_TIMINGS');

/**
 * LISTENs, on a connection of its own (outside the pool: it never serves another query), to the changes the projection commits (projection/metrics-changes.ts)
 * and to those of the agency register (agencies/register-changed.migration.ts), and tells the TalliesCache which agencies changed. The cache keeps tallies only while this connection
 * LISTENs: when it is lost (an error, its end, or a heartbeat that does not answer: a connection can die
 * without a word) the cache is emptied and stops, and once LISTENing again it starts empty, since
 * changes committed in between were heard by nobody. Until then every answer reads every agency.
 */
@Injectable()
export class MetricsChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MetricsChangeListener');
  private running = false;
  private stopListening?: () => void;
  private listening?: Promise<void>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TalliesCache) private readonly cache: TalliesCache,
    @Optional() @Inject(METRICS_LISTENER_TIMINGS) private readonly timings: ListenerTimings = TIMINGS,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.listening = this.keepListening();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.stopListening?.();
    await this.listening;
  }

  private async keepListening(): Promise<void> {
    for (let failures = 0; this.running; failures++) {
      const heard = await this.listenUntilLost().catch((error: unknown) => {
        this.logger.warn(`could not LISTEN for metrics changes (${describeError(error)}); answers read every agency until it can`);
        return false;
      });
      if (heard) failures = 0;
      if (this.running) await this.pause(this.timings.retryMs[Math.min(failures, this.timings.retryMs.length - 1)]);
    }
  }

  /** LISTENs until the connection is lost or the listener stops; true if it did LISTEN. */
  private async listenUntilLost(): Promise<boolean> {
    const client = this.newClient();
    let heartbeat: NodeJS.Timeout | undefined;
    const lost = new Promise<void>((resolve) => {
      const lose = () => {
        // At once, before any other answer runs: no change is heard from now on.
        this.cache.stop();
        resolve();
      };
      client.on('error', lose);
      client.once('end', lose);
      this.stopListening = lose;
    });
    try {
      client.on('notification', (message: Notification) => {
        if (message.channel === METRICS_CHANGED_CHANNEL) this.cache.changed(changedAgenciesOf(message.payload ?? ''));
        else if (message.channel === REGISTER_CHANGED_CHANNEL) this.cache.registerChanged();
      });
      const listened = client
        .connect()
        .then(() => client.query(`LISTEN ${METRICS_CHANGED_CHANNEL}; LISTEN ${REGISTER_CHANGED_CHANNEL}`))
        .then(() => true);
      if (!(await Promise.race([listened, lost.then(() => false)])) || !this.running) return false;
      this.cache.start();
      heartbeat = setInterval(() => void this.beat(client).catch(() => this.stopListening?.()), this.timings.heartbeatMs);
      await lost;
      if (this.running) this.logger.warn('the LISTEN connection for metrics changes was lost; answers read every agency until it is back');
      return true;
    } finally {
      clearInterval(heartbeat);
      this.cache.stop();
      this.stopListening = undefined;
      // Not awaited: a connection that died without a word may never answer.
      void client.end().catch(() => undefined);
    }
  }

  private newClient(): Client {
    const options = this.dataSource.options as PostgresConnectionOptions;
    return new Client({
      connectionString: options.url,
      host: options.host,
      port: options.port,
      user: options.username,
      password: typeof options.password === 'string' ? options.password : undefined,
      database: options.database,
      application_name: `${options.applicationName ?? 'accountability'}-metrics-listener`,
      keepAlive: true,
    });
  }

  private async beat(client: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), this.timings.heartbeatTimeoutMs)));
    try {
      await Promise.race([client.query('SELECT 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.stopListening = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
