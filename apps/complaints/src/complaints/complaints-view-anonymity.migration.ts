import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the reporter chose anonymity, in the complaint list: public Open311 reads
 * leave out an anonymous report's address and notes. Existing rows take it from
 * their ComplaintSubmitted event (a plain field); a row without one counts as anonymous.
 */
export class ComplaintsViewAnonymity1764960000000 implements MigrationInterface {
  name = 'ComplaintsViewAnonymity1764960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE complaints_view ADD COLUMN anonymous boolean`);
    await queryRunner.query(`
      UPDATE complaints_view v SET anonymous = COALESCE((e.data->>'anonymous')::boolean, true)
        FROM es_events e
       WHERE e.stream_id = 'complaint-' || v.complaint_id::text AND e.stream_version = 1`);
    await queryRunner.query(`UPDATE complaints_view SET anonymous = true WHERE anonymous IS NULL`);
    await queryRunner.query(`ALTER TABLE complaints_view ALTER COLUMN anonymous SET NOT NULL, ALTER COLUMN anonymous SET DEFAULT true`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE complaints_view DROP COLUMN anonymous`);
  }
}
