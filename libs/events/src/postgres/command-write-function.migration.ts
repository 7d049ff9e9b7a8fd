import { MigrationInterface, QueryRunner } from 'typeorm';

/** As first released; CommandWriteParseOnce replaces it and restores it on the way down. */
export const APPEND_COMMAND_FIRST_VERSION = `
      CREATE FUNCTION es_append_command(p_stream_id text, p_expected_version integer, p_topic text, p_events jsonb, p_macs text[], p_head_mac text, p_keys jsonb)
      RETURNS SETOF bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        v_count integer := jsonb_array_length(p_events);
        v_version integer;
        v_hash text;
        v_previous text[] := '{}';
        v_hashes text[] := '{}';
        v_content text;
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
        FOR v_content IN SELECT jsonb_array_elements_text(p_events) LOOP
          v_previous := array_append(v_previous, v_hash);
          v_hash := encode(sha256(convert_to(coalesce(v_hash, '') || E'\\n' || v_content, 'UTF8')), 'hex');
          v_hashes := array_append(v_hashes, v_hash);
        END LOOP;
        RETURN QUERY
          WITH inserted AS (
            INSERT INTO es_events (transaction_id, event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, previous_hash, hash, mac)
            SELECT v_transaction, (e.event ->> 'eventId')::uuid, p_stream_id, p_expected_version + c.n::integer, e.event ->> 'type', (e.event ->> 'schemaVersion')::integer,
                   e.event -> 'data', e.event -> 'metadata', (e.event ->> 'occurredAt')::timestamptz, v_previous[c.n], v_hashes[c.n], p_macs[c.n]
              FROM jsonb_array_elements_text(p_events) WITH ORDINALITY AS c (content, n), LATERAL (SELECT c.content::jsonb AS event) e
             ORDER BY c.n
            RETURNING global_position),
          outbox AS (INSERT INTO es_outbox (global_position, topic) SELECT global_position, p_topic FROM inserted ORDER BY global_position)
          SELECT global_position FROM inserted ORDER BY global_position;
        UPDATE es_streams SET version = p_expected_version + v_count, last_hash = v_hash, head_mac = p_head_mac WHERE stream_id = p_stream_id;
        PERFORM pg_notify('es_outbox', '');
      END
      $$`;

/**
 * es_append_command: a command's whole write in one round trip, called by the
 * one statement PostgresEventStore.append sends (its read-model upserts and
 * idempotency record ride along as data-modifying CTEs of that statement).
 *
 * Before the append it checks or creates the personal-data keys the events were
 * sealed with (es_use_subject_key), so the service seals without asking for the
 * key first: with a key it remembers from an earlier write, checked here to be
 * still active (FOR SHARE, as a forget takes it FOR UPDATE), or with a new key,
 * created here unless the subject has one already. Either miss is SQLSTATE PEKEY,
 * its detail naming the subject by its keyed hash and never a key (the server logs
 * errors with their detail, and a wrapped key in a log would outlive its erasure);
 * the service reads the subject's active key and seals again: an erased key never
 * seals a new event, a second key never appears.
 *
 * The append itself is es_append's (the stream row locked, the expected version
 * checked with PE409, the SHA-256 chain, the keyed MACs, the outbox, the head),
 * with the events and outbox rows inserted set-wise rather than row by row, and
 * each event's transaction_id never below its predecessor's in the stream (see below).
 */
export class CommandWriteFunction1796500000000 implements MigrationInterface {
  name = 'CommandWriteFunction1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION es_use_subject_key(p_key_id uuid, p_subject_id text, p_wrapped_key bytea, p_agency_ids text[])
      RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        IF p_wrapped_key IS NULL THEN
          PERFORM 1 FROM es_subject_keys WHERE key_id = p_key_id AND subject_id = p_subject_id AND erased_at IS NULL FOR SHARE;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'the subject key is no longer active' USING ERRCODE = 'PEKEY', DETAIL = p_subject_id;
          END IF;
        ELSE
          INSERT INTO es_subject_keys (key_id, subject_id, wrapped_key) VALUES (p_key_id, p_subject_id, p_wrapped_key)
            ON CONFLICT (subject_id) WHERE erased_at IS NULL DO NOTHING;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'the subject has a key already' USING ERRCODE = 'PEKEY', DETAIL = p_subject_id;
          END IF;
        END IF;
        INSERT INTO es_subject_agencies (subject_id, agency_id) SELECT p_subject_id, agency_id FROM unnest(p_agency_ids) AS agency_id
          ON CONFLICT DO NOTHING;
      END
      $$`);
    await queryRunner.query(APPEND_COMMAND_FIRST_VERSION);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION es_append_command(text, integer, text, jsonb, text[], text, jsonb)`);
    await queryRunner.query(`DROP FUNCTION es_use_subject_key(uuid, text, bytea, text[])`);
  }
}
