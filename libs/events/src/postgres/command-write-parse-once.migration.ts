import { MigrationInterface, QueryRunner } from 'typeorm';
import { APPEND_COMMAND_FIRST_VERSION } from './command-write-function.migration';

/**
 * es_append_command as before (same signature, checks and writes), parsing each
 * event's JSON once instead of once per column. The first version read the events
 * through `LATERAL (SELECT c.content::jsonb AS event)`, which the planner inlines:
 * each of the seven `e.event ->> ...` columns parsed the event's text again, seven
 * parses of about 1 kB per event. `OFFSET 0` keeps the subquery a subquery, so
 * the cast runs once per row. The contents are read out of the jsonb array once
 * too, for the hash chain and the insert alike.
 */
export class CommandWriteParseOnce1796600000000 implements MigrationInterface {
  name = 'CommandWriteParseOnce1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION es_append_command(p_stream_id text, p_expected_version integer, p_topic text, p_events jsonb, p_macs text[], p_head_mac text, p_keys jsonb)
      RETURNS SETOF bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        v_contents text[] := ARRAY(SELECT jsonb_array_elements_text(p_events));
        v_count integer := coalesce(array_length(v_contents, 1), 0);
        v_version integer;
        v_hash text;
        v_previous text[] := '{}';
        v_hashes text[] := '{}';
        v_key jsonb;
        v_transaction xid8;
      BEGIN
        IF v_count = 0 OR v_count <> coalesce(array_length(p_macs, 1), 0) OR p_head_mac IS NULL THEN
          RAISE EXCEPTION 'every event needs its MAC and the stream its head MAC' USING ERRCODE = '22023';
        END IF;
        FOR v_key IN SELECT jsonb_array_elements(p_keys) LOOP
          PERFORM es_use_subject_key((v_key ->> 'keyId')::uuid, v_key ->> 'subjectId', decode(v_key ->> 'wrappedKey', 'hex'),
                                     ARRAY(SELECT jsonb_array_elements_text(v_key -> 'agencyIds')));
        END LOOP;
        IF p_expected_version = 0 THEN
          INSERT INTO es_streams (stream_id, version) VALUES (p_stream_id, 0) ON CONFLICT DO NOTHING;
        END IF;
        SELECT version, last_hash INTO v_version, v_hash FROM es_streams WHERE stream_id = p_stream_id FOR UPDATE;
        IF NOT FOUND OR v_version <> p_expected_version THEN
          RAISE EXCEPTION 'stream % is not at the expected version', p_stream_id
            USING ERRCODE = 'PE409', DETAIL = coalesce(v_version, 0)::text;
        END IF;
        -- Readers by global position go in (transaction_id, global_position) order. A transaction that
        -- took its id before the stream's last writer (a consumer batch that wrote first, say) records
        -- that writer's id instead, so its events never come before the version they follow. Still
        -- gap-safe: they become readable once that id is below the oldest running one, when this
        -- transaction, whose own id is lower, has ended too.
        IF v_version > 0 THEN
          SELECT greatest(pg_current_xact_id(), transaction_id) INTO v_transaction FROM es_events WHERE stream_id = p_stream_id AND stream_version = v_version;
        END IF;
        v_transaction := coalesce(v_transaction, pg_current_xact_id());
        FOR n IN 1 .. v_count LOOP
          v_previous[n] := v_hash;
          v_hash := encode(sha256(convert_to(coalesce(v_hash, '') || E'\\n' || v_contents[n], 'UTF8')), 'hex');
          v_hashes[n] := v_hash;
        END LOOP;
        RETURN QUERY
          WITH inserted AS (
            INSERT INTO es_events (transaction_id, event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, previous_hash, hash, mac)
            SELECT v_transaction, (e.event ->> 'eventId')::uuid, p_stream_id, p_expected_version + c.n::integer, e.event ->> 'type', (e.event ->> 'schemaVersion')::integer,
                   e.event -> 'data', e.event -> 'metadata', (e.event ->> 'occurredAt')::timestamptz, v_previous[c.n], v_hashes[c.n], p_macs[c.n]
              FROM unnest(v_contents) WITH ORDINALITY AS c (content, n), LATERAL (SELECT c.content::jsonb AS event OFFSET 0) e
             ORDER BY c.n
            RETURNING global_position),
          outbox AS (INSERT INTO es_outbox (global_position, topic) SELECT global_position, p_topic FROM inserted ORDER BY global_position)
          SELECT global_position FROM inserted ORDER BY global_position;
        UPDATE es_streams SET version = p_expected_version + v_count, last_hash = v_hash, head_mac = p_head_mac WHERE stream_id = p_stream_id;
        PERFORM pg_notify('es_outbox', '');
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION es_append_command(text, integer, text, jsonb, text[], text, jsonb)`);
    await queryRunner.query(APPEND_COMMAND_FIRST_VERSION);
  }
}
