import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * es_append: the whole append in one statement, so an append costs one round
 * trip and runs plans PostgreSQL has cached for the session.
 *
 * It creates the stream row for a new stream, locks it, checks the expected
 * version (SQLSTATE PE409 with the actual version as detail when it differs),
 * chains the hashes, inserts events and outbox rows, moves the head and wakes
 * the relay. The client sends each event as its canonical JSON, which is
 * both what gets stored and what gets hashed: sha256(previous hash || '\n' ||
 * content), exactly what hashEvent computes.
 */
export class AppendFunction1764374460000 implements MigrationInterface {
  name = 'AppendFunction1764374460000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION es_append(p_stream_id text, p_expected_version integer, p_topic text, p_events jsonb)
      RETURNS SETOF bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        v_version integer;
        v_hash text;
        v_previous text;
        v_content text;
        v_event jsonb;
        v_position bigint;
      BEGIN
        IF p_expected_version = 0 THEN
          INSERT INTO es_streams (stream_id, version) VALUES (p_stream_id, 0) ON CONFLICT DO NOTHING;
        END IF;
        SELECT version, last_hash INTO v_version, v_hash FROM es_streams WHERE stream_id = p_stream_id FOR UPDATE;
        IF NOT FOUND OR v_version <> p_expected_version THEN
          RAISE EXCEPTION 'stream % is not at the expected version', p_stream_id
            USING ERRCODE = 'PE409', DETAIL = coalesce(v_version, 0)::text;
        END IF;
        FOR v_content IN SELECT jsonb_array_elements_text(p_events) LOOP
          v_event := v_content::jsonb;
          v_version := v_version + 1;
          v_previous := v_hash;
          v_hash := encode(sha256(convert_to(coalesce(v_previous, '') || E'\\n' || v_content, 'UTF8')), 'hex');
          INSERT INTO es_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, previous_hash, hash)
          VALUES ((v_event ->> 'eventId')::uuid, p_stream_id, v_version, v_event ->> 'type', (v_event ->> 'schemaVersion')::integer,
                  v_event -> 'data', v_event -> 'metadata', (v_event ->> 'occurredAt')::timestamptz, v_previous, v_hash)
          RETURNING global_position INTO v_position;
          INSERT INTO es_outbox (global_position, topic) VALUES (v_position, p_topic);
          RETURN NEXT v_position;
        END LOOP;
        UPDATE es_streams SET version = v_version, last_hash = v_hash WHERE stream_id = p_stream_id;
        PERFORM pg_notify('es_outbox', '');
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION es_append(text, integer, text, jsonb)`);
  }
}
