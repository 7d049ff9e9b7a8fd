import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store, its outbox, the consumers' inbox and the personal-data keys.
 *
 * transaction_id records which transaction wrote an event: readers by global
 * position only read below the oldest transaction still running, so a lower
 * position that commits late is never skipped (see PostgresEventStore.readAll).
 */
export class EventStoreSchema1764374400000 implements MigrationInterface {
  name = 'EventStoreSchema1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE es_streams (
        stream_id text PRIMARY KEY,
        version integer NOT NULL,
        last_hash text
      )`);
    await queryRunner.query(`
      CREATE TABLE es_events (
        global_position bigserial PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id uuid NOT NULL UNIQUE,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        previous_hash text,
        hash text NOT NULL,
        UNIQUE (stream_id, stream_version)
      )`);
    await queryRunner.query(`CREATE INDEX es_events_commit_order ON es_events (transaction_id, global_position)`);
    await queryRunner.query(`
      CREATE TABLE es_outbox (
        id bigserial PRIMARY KEY,
        global_position bigint NOT NULL REFERENCES es_events (global_position),
        topic text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE es_inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        outcome text NOT NULL DEFAULT 'processed',
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE es_subject_keys (
        key_id uuid PRIMARY KEY,
        subject_id text NOT NULL,
        wrapped_key bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX es_subject_keys_active ON es_subject_keys (subject_id) WHERE erased_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['es_subject_keys', 'es_inbox', 'es_outbox', 'es_events', 'es_streams']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
