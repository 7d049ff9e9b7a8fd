import { Logger } from '@nestjs/common';
import { describeError } from '@palembang/platform';
import { Client } from 'pg';
import { FACT_TABLES, FACTS_CHANGED_CHANNEL, METRICS_SCHEMA } from '../projection/metric-tables';

/** The listening connection's application_name, to find it in pg_stat_activity. */
export const LISTENER_NAME = 'accountability-facts-listener';
const RELISTEN_AFTER_MS = 5_000;
const HEARTBEAT_EVERY_MS = 20_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

/**
 * Listens on FACTS_CHANGED_CHANNEL, which the projection notifies in the
 * transaction that changes the facts, on a connection of its own, and checks
 * it with a heartbeat. `changed` is called on every notification and whenever
 * the listener starts or stops being trusted (connection lost or back, a
 * trigger missing or back): a read made meanwhile must not be kept.
 */
export class FactsListener {
  private readonly logger = new Logger('MetricsReader');
  private listener?: Client;
  /** Listening, with the triggers in place, and the connection answered the last heartbeat. */
  private listening = false;
  private warnedNoTriggers = false;
  private stopped = false;
  private relisten?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly databaseUrl: string,
    private readonly changed: () => void,
  ) {}

  /** Whether a read may be kept: only then is every change of the facts notified. */
  get trusted(): boolean {
    return this.listening;
  }

  start(): Promise<void> {
    return this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.relisten);
    clearInterval(this.heartbeat);
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: LISTENER_NAME, keepAlive: true, connectionTimeoutMillis: HEARTBEAT_TIMEOUT_MS });
    client.on('notification', () => this.changed());
    client.on('error', () => undefined); // 'end' follows
    client.on('end', () => this.lost(client, 'the connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${FACTS_CHANGED_CHANNEL}`);
      if (this.stopped) return void (await client.end());
      this.listener = client;
      await this.check(client);
      if (this.listener !== client) return; // lost during the first check
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => void this.check(client), HEARTBEAT_EVERY_MS);
      this.heartbeat.unref();
    } catch (error) {
      this.logger.warn(`not listening for fact changes, every request reads the facts: ${describeError(error)}`);
      await client.end().catch(() => undefined);
      this.lost(client, 'it could not listen');
    }
  }

  /**
   * The listening connection still answers, and every fact table still has
   * its trigger (a schema switched back by hand, or built by an older
   * version, would have none): only then is a read kept.
   */
  private async check(client: Client): Promise<void> {
    try {
      const rows = (await Promise.race([
        client.query(
          `SELECT count(*)::int AS count FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND t.tgname = 'facts_changed' AND c.relname = ANY($2)`,
          [METRICS_SCHEMA, [...FACT_TABLES]],
        ),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), HEARTBEAT_TIMEOUT_MS).unref()),
      ])) as { rows: Array<{ count: number }> };
      if (client !== this.listener) return; // an earlier connection, replaced meanwhile
      const triggers = rows.rows[0].count === FACT_TABLES.length;
      if (!triggers && !this.warnedNoTriggers) this.logger.warn('a fact table has no facts_changed trigger: every request reads the facts');
      this.warnedNoTriggers = !triggers;
      if (triggers !== this.listening) this.changed();
      this.listening = triggers;
    } catch (error) {
      this.logger.warn(`the fact-change listener did not answer: ${describeError(error)}`);
      await client.end().catch(() => undefined);
    }
  }

  private lost(client: Client, why: string): void {
    if (this.listener !== undefined && this.listener !== client) return; // an earlier connection ending late
    this.listener = undefined;
    if (this.listening) this.logger.warn(`stopped listening for fact changes (${why}); every request reads the facts until it listens again`);
    this.listening = false;
    clearInterval(this.heartbeat);
    this.changed();
    if (this.stopped || this.relisten) return;
    this.relisten = setTimeout(() => {
      this.relisten = undefined;
      void this.listen();
    }, RELISTEN_AFTER_MS);
    this.relisten.unref();
  }
}
