import { CivilServant, ComplaintCaseFacts, latestPerNip, PermitCaseFacts, SurveyFacts, TrainingCredit } from '@palembang/accountability-domain';
import { DataSource } from 'typeorm';
import { METRICS_SCHEMA } from '../projection/metric-tables';

/** Every fact of the current generation, read in one snapshot. */
export type FactsSnapshot = Readonly<{
  permits: readonly PermitCaseFacts[];
  complaints: readonly ComplaintCaseFacts[];
  surveys: readonly SurveyFacts[];
  /** `nip` holds the pseudonym (person_key), never a NIP. */
  credits: readonly TrainingCredit[];
  roster: readonly CivilServant[];
}>;

/** Reads every fact table in one REPEATABLE READ transaction, so the tables agree with each other. */
export function readFactsSnapshot(dataSource: DataSource): Promise<FactsSnapshot> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    const schema = METRICS_SCHEMA;
    const facts = async <T>(table: string): Promise<T[]> => ((await manager.query(`SELECT facts FROM ${schema}.${table}`)) as Array<{ facts: T }>).map((row) => row.facts);
    const permits = await facts<PermitCaseFacts>('permit_facts');
    const complaints = await facts<ComplaintCaseFacts>('complaint_facts');
    const surveys = await facts<SurveyFacts>('survey_facts');
    const credits: Array<{ person_key: string; agency_id: string; jp: number; credited_at: Date }> = await manager.query(
      `SELECT person_key, agency_id, jp, credited_at FROM ${schema}.training_credits ORDER BY person_key, reference`,
    );
    const roster: Array<{ person_key: string; agency_id: string }> = await manager.query(`SELECT person_key, agency_id FROM ${schema}.civil_servants ORDER BY person_key`);
    return {
      permits,
      complaints,
      surveys,
      credits: credits.map((row) => ({ nip: row.person_key, agencyId: row.agency_id, jp: Number(row.jp), creditedAt: row.credited_at.toISOString() })),
      roster: roster.map((row) => ({ nip: row.person_key, agencyId: row.agency_id })),
    };
  });
}

/** Every agency the facts name, in id order. */
export function agenciesOf(snapshot: FactsSnapshot): string[] {
  const ids = new Set<string>();
  for (const fact of [...snapshot.permits, ...snapshot.complaints, ...snapshot.surveys, ...snapshot.roster]) ids.add(fact.agencyId);
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The facts of one agency (complaints by the agency responsible now, training by the roster). */
export function factsOfAgency(snapshot: FactsSnapshot, agencyId: string): FactsSnapshot {
  const own = <T extends { agencyId: string }>(facts: readonly T[]) => facts.filter((fact) => fact.agencyId === agencyId);
  return { permits: own(snapshot.permits), complaints: own(snapshot.complaints), surveys: own(snapshot.surveys), credits: snapshot.credits, roster: own(latestPerNip(snapshot.roster)) };
}
