import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The training service's single migration as it was before each read model got its own (a copy, for
 * the upgrade test only): what a database deployed before the split has run, under the same name.
 */
export class LegacyTrainingViews1764600000000 implements MigrationInterface {
  name = 'TrainingViews1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE training_programs (
        program_id text PRIMARY KEY,
        agency_id text NOT NULL,
        code text NOT NULL UNIQUE,
        title text NOT NULL,
        competency_area text NOT NULL,
        jp integer NOT NULL,
        details jsonb NOT NULL,
        xapi_activity_ids text[] NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX training_programs_by_activity ON training_programs USING gin (xapi_activity_ids)`);
    await queryRunner.query(`
      CREATE TABLE training_cohorts (
        cohort_id text PRIMARY KEY,
        program_id text NOT NULL,
        agency_id text NOT NULL,
        status text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        capacity integer NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX training_cohorts_by_program ON training_cohorts (program_id, starts_on)`);
    await queryRunner.query(`
      CREATE TABLE civil_servants (
        nip text PRIMARY KEY,
        agency_id text NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX civil_servants_by_agency ON civil_servants (agency_id, nip)`);
    await queryRunner.query(`
      CREATE TABLE jp_credits (
        nip text NOT NULL,
        year integer NOT NULL,
        reference text NOT NULL,
        agency_id text NOT NULL,
        program_id text NOT NULL,
        source text NOT NULL,
        jp integer NOT NULL,
        credited_at timestamptz NOT NULL,
        credited_at_text text NOT NULL,
        revoked_at timestamptz,
        PRIMARY KEY (nip, year, reference)
      )`);
    await queryRunner.query(`CREATE INDEX jp_credits_by_agency ON jp_credits (agency_id, year)`);
    await queryRunner.query(`
      CREATE TABLE training_partners (
        partner_id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE training_internships (
        internship_id text PRIMARY KEY,
        agency_id text NOT NULL,
        partner_id text NOT NULL,
        status text NOT NULL,
        starts_on date NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE training_research_projects (
        project_id text PRIMARY KEY,
        agency_id text NOT NULL,
        partner_id text NOT NULL,
        title text NOT NULL,
        status text NOT NULL,
        proposed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE training_recommendations (
        alert_id text PRIMARY KEY,
        agency_id text NOT NULL,
        service text NOT NULL,
        period text NOT NULL,
        program_ids text[] NOT NULL,
        recommended_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX training_recommendations_by_agency ON training_recommendations (agency_id, recommended_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE xapi_statements (
        position bigserial PRIMARY KEY,
        statement_id uuid NOT NULL UNIQUE,
        statement jsonb NOT NULL,
        verb_id text NOT NULL,
        activity_id text,
        actor_ifi text,
        object_agent_ifi text,
        object_statement_id uuid,
        registration uuid,
        voids uuid,
        stored timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX xapi_statements_voids ON xapi_statements (voids) WHERE voids IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX xapi_statements_by_actor ON xapi_statements (actor_ifi, position)`);
    await queryRunner.query(`CREATE INDEX xapi_statements_by_activity ON xapi_statements (activity_id, position)`);
    await queryRunner.query(`CREATE INDEX xapi_statements_by_stored ON xapi_statements (stored)`);
    await queryRunner.query(`
      CREATE FUNCTION xapi_statements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'xAPI statements are immutable: void them with a statement instead';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER xapi_statements_append_only BEFORE UPDATE OR DELETE ON xapi_statements FOR EACH ROW EXECUTE FUNCTION xapi_statements_immutable()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE xapi_statements`);
    await queryRunner.query(`DROP FUNCTION xapi_statements_immutable()`);
    for (const table of ['training_recommendations', 'training_research_projects', 'training_internships', 'training_partners', 'jp_credits', 'civil_servants', 'training_cohorts', 'training_programs']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
