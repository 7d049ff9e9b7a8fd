import { MigrationInterface, QueryRunner } from 'typeorm';
import { AppendFunction1764374460000 } from './append-function.migration';

/**
 * Keys the hash chain: each event row gets a MAC and each stream head a head
 * MAC, both computed by the service with EVENT_CHAIN_KEY (see EventChainKeys);
 * es_append stores them with the events, still in one statement. The key never
 * reaches the database, only the MACs do.
 *
 * The old es_append is dropped so that nothing appends an unkeyed event any
 * more. Events stored before this migration have no MAC: the operator keys them
 * once with `migrate --key-legacy-streams` (keyLegacyStreams), never a start-up.
 */
export class KeyedChain1765000000000 implements MigrationInterface {
  name = 'KeyedChain1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE es_events ADD COLUMN mac text`);
    await queryRunner.query(`ALTER TABLE es_streams ADD COLUMN head_mac text`);
    // Finds events without a MAC (legacy ones, or stripped ones) without scanning the table.
    await queryRunner.query(`CREATE INDEX es_events_unkeyed ON es_events (stream_id) WHERE mac IS NULL`);
    await queryRunner.query(`DROP FUNCTION es_append(text, integer, text, jsonb)`);
    await queryRunner.query(`
      CREATE FUNCTION es_append(p_stream_id text, p_expected_version integer, p_topic text, p_events jsonb, p_macs text[], p_head_mac text)
      RETURNS SETOF bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        v_version integer;
        v_hash text;
        v_previous text;
        v_content text;
        v_event jsonb;
        v_position bigint;
        v_index integer := 0;
      BEGIN
        IF jsonb_array_length(p_events) <> coalesce(array_length(p_macs, 1), 0) OR p_head_mac IS NULL THEN
          RAISE EXCEPTION 'every event needs its MAC and the stream its head MAC' USING ERRCODE = '22023';
        END IF;
        IF p_expected_version = 0 THEN
          INSERT INTO es_streams (stream_id, version) VALUES (p_stream_id, 0) ON CONFLICT DO NOTHING;
        END IF;
        SELECT version, last_hash INTO v_version, v_hash FROM es_streams WHERE stream_id = p_stream_id FOR UPDATE;
        IF NOT FOUND OR v_version <> p_expected_version THEN
          RAISE EXCEPTION 'stream % is not at the expected version', p_stream_id
            USING ERRCODE = 'PE409', DETAIL = coalesce(v_version, 0)::text;
        END IF;
        FOR v_content IN SELECT jsonb_array_elements_text(p_events) LOOP
          v_index := v_index + 1;
          v_event := v_content::jsonb;
          v_version := v_version + 1;
          v_previous := v_hash;
          v_hash := encode(sha256(convert_to(coalesce(v_previous, '') || E'\\n' || v_content, 'UTF8')), 'hex');
          INSERT INTO es_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, previous_hash, hash, mac)
          VALUES ((v_event ->> 'eventId')::uuid, p_stream_id, v_version, v_event ->> 'type', (v_event ->> 'schemaVersion')::integer,
                  v_event -> 'data', v_event -> 'metadata', (v_event ->> 'occurredAt')::timestamptz, v_previous, v_hash, p_macs[v_index])
          RETURNING global_position INTO v_position;
          INSERT INTO es_outbox (global_position, topic) VALUES (v_position, p_topic);
          RETURN NEXT v_position;
        END LOOP;
        UPDATE es_streams SET version = v_version, last_hash = v_hash, head_mac = p_head_mac WHERE stream_id = p_stream_id;
        PERFORM pg_notify('es_outbox', '');
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION es_append(text, integer, text, jsonb, text[], text)`);
    await new AppendFunction1764374460000().up(queryRunner);
    await queryRunner.query(`DROP INDEX es_events_unkeyed`);
    await queryRunner.query(`ALTER TABLE es_streams DROP COLUMN head_mac`);
    await queryRunner.query(`ALTER TABLE es_events DROP COLUMN mac`);
  }
}
