import { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per /v1 call through the gateway: who, which route, the outcome; never bodies, query strings or ids from the path. */
export class GatewayAuditSchema1764400000000 implements MigrationInterface {
  name = 'GatewayAuditSchema1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway_audit (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        client_id text,
        agency_id text,
        method text NOT NULL,
        route text,
        status smallint NOT NULL,
        duration_ms integer NOT NULL,
        correlation_id text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX gateway_audit_client_time ON gateway_audit (client_id, occurred_at)`);
    await queryRunner.query(`CREATE INDEX gateway_audit_time ON gateway_audit (occurred_at)`);
    await queryRunner.query(`CREATE INDEX gateway_audit_correlation ON gateway_audit (correlation_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE gateway_audit`);
  }
}
