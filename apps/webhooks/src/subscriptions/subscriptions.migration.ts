import { MigrationInterface, QueryRunner } from 'typeorm';

/** The subscriptions (state, not events: their history is the delivery log) and the delivery outbox the worker drains. */
export class WebhookTables1797100000000 implements MigrationInterface {
  name = 'WebhookTables1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_subscriptions (
        subscription_id uuid PRIMARY KEY,
        agency_id text NOT NULL,
        all_agencies boolean NOT NULL,
        created_by text NOT NULL,
        url text NOT NULL,
        event_types text[] NOT NULL,
        description text NOT NULL,
        status text NOT NULL,
        disabled_reason text,
        failures_in_row integer NOT NULL DEFAULT 0,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_until timestamptz,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX webhook_subscriptions_by_agency ON webhook_subscriptions (agency_id, created_at DESC, subscription_id DESC) WHERE status <> 'deleted'`);
    await queryRunner.query(`CREATE INDEX webhook_subscriptions_active ON webhook_subscriptions (subscription_id) WHERE status = 'active'`);
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        delivery_id uuid PRIMARY KEY,
        sequence bigserial NOT NULL,
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (subscription_id),
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        stream_id text NOT NULL,
        body text NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        first_attempt_at timestamptz,
        leased_until timestamptz,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        UNIQUE (subscription_id, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_stream_order ON webhook_deliveries (subscription_id, stream_id, sequence) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, created_at DESC, delivery_id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhook_subscriptions`);
  }
}
