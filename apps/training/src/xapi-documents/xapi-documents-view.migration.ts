import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The documents of the xAPI State, Activity Profile and Agent Profile resources: mutable key-value records
 * (PUT replaces, POST merges, DELETE removes), one row per document. Not event-sourced: xAPI gives a document
 * no history (a client reads the current bytes and their ETag, nothing else), nothing in the domain decides on
 * them, and a cmi5 course rewrites its state on every page, so a stream per document would keep every save of
 * every learner for no reader. The key is the agency of the client that wrote it (documents are that agency's
 * and no other's), the resource, the activity and agent (a keyed hash, never the identifier in clear; '' when
 * the resource has none), the registration ('' when none) and the document's id.
 */
export class XapiDocumentsView1764950000000 implements MigrationInterface {
  name = 'XapiDocumentsView1764950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS xapi_documents (
        agency_id text NOT NULL,
        resource text NOT NULL CHECK (resource IN ('state', 'activity-profile', 'agent-profile')),
        activity_id text NOT NULL,
        agent_key text NOT NULL,
        registration text NOT NULL,
        document_id text NOT NULL,
        content bytea NOT NULL,
        content_type text NOT NULL,
        etag text NOT NULL,
        updated timestamptz NOT NULL,
        updated_by text NOT NULL,
        PRIMARY KEY (agency_id, resource, activity_id, agent_key, registration, document_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE xapi_documents`);
  }
}
