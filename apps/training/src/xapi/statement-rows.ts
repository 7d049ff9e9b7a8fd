import { Actor, isActivity, StatementSearch, StoredStatement, voidingTarget } from '@palembang/xapi';
import { EntityManager } from 'typeorm';

/** An Agent's or identified Group's inverse functional identifier, as one comparable key. */
export function ifiKeyOf(actor: Actor | undefined): string | null {
  if (!actor) return null;
  if (actor.mbox) return `mbox:${actor.mbox}`;
  if (actor.mbox_sha1sum) return `sha1:${actor.mbox_sha1sum.toLowerCase()}`;
  if (actor.openid) return `openid:${actor.openid}`;
  if (actor.account) return `account:${actor.account.homePage}|${actor.account.name}`;
  return null;
}

/** Appends the statement; false when its id is already held (a concurrent or earlier store). */
export async function insertStatement(manager: EntityManager, statement: StoredStatement): Promise<boolean> {
  const object = statement.object as { objectType?: string; id?: string };
  const objectAgent = object.objectType === 'Agent' || object.objectType === 'Group' ? ifiKeyOf(statement.object as Actor) : null;
  const rows: unknown[] = await manager.query(
    `INSERT INTO xapi_statements (statement_id, statement, verb_id, activity_id, actor_ifi, object_agent_ifi, object_statement_id, registration, voids, stored)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (statement_id) DO NOTHING RETURNING position`,
    [
      statement.id,
      JSON.stringify(statement),
      statement.verb.id,
      isActivity(statement.object) ? statement.object.id : null,
      ifiKeyOf(statement.actor),
      objectAgent,
      object.objectType === 'StatementRef' ? object.id?.toLowerCase() : null,
      statement.context?.registration?.toLowerCase() ?? null,
      voidingTarget(statement),
      statement.stored,
    ],
  );
  return rows.length > 0;
}

export type HeldStatement = Readonly<{ statement: StoredStatement; voided: boolean }>;

const VOIDED = `EXISTS (SELECT 1 FROM xapi_statements v WHERE v.voids = s.statement_id)`;

export async function findStatements(manager: EntityManager, ids: readonly string[]): Promise<Map<string, HeldStatement>> {
  if (ids.length === 0) return new Map();
  const rows: Array<{ statement_id: string; statement: StoredStatement; voided: boolean }> = await manager.query(
    `SELECT s.statement_id, s.statement, ${VOIDED} AS voided FROM xapi_statements s WHERE s.statement_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.statement_id, { statement: row.statement, voided: row.voided }]));
}

/**
 * A page of the StatementResult: voided statements left out; a filter on agent, verb, activity or
 * registration also matches a statement referring (StatementRef) to a matching one; since/until on
 * "stored"; newest first unless ascending. `after` is the position of the last statement of the previous page.
 */
export async function searchStatements(manager: EntityManager, search: StatementSearch): Promise<{ statements: StoredStatement[]; lastPosition: string | null }> {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const agent = search.agent ? param(ifiKeyOf(search.agent)) : null;
  const verb = search.verb ? param(search.verb) : null;
  const activity = search.activity ? param(search.activity) : null;
  const registration = search.registration ? param(search.registration) : null;
  const conditionsOn = (alias: string) =>
    [
      agent && `(${alias}.actor_ifi = ${agent} OR ${alias}.object_agent_ifi = ${agent})`,
      verb && `${alias}.verb_id = ${verb}`,
      activity && `${alias}.activity_id = ${activity}`,
      registration && `${alias}.registration = ${registration}::uuid`,
    ].filter(Boolean).join(' AND ');
  const where = [`NOT ${VOIDED}`];
  const filter = conditionsOn('s');
  if (filter) where.push(`((${filter}) OR s.object_statement_id IN (SELECT m.statement_id FROM xapi_statements m WHERE ${conditionsOn('m')}))`);
  if (search.since) where.push(`s.stored > ${param(search.since.toISOString())}`);
  if (search.until) where.push(`s.stored <= ${param(search.until.toISOString())}`);
  if (search.after && /^\d{1,18}$/.test(search.after)) where.push(`s.position ${search.ascending ? '>' : '<'} ${param(search.after)}::bigint`);
  const limit = param(search.limit + 1);
  const rows: Array<{ position: string; statement: StoredStatement }> = await manager.query(
    `SELECT s.position, s.statement FROM xapi_statements s WHERE ${where.join(' AND ')} ORDER BY s.position ${search.ascending ? 'ASC' : 'DESC'} LIMIT ${limit}`,
    params,
  );
  const page = rows.slice(0, search.limit);
  return { statements: page.map((row) => row.statement), lastPosition: rows.length > search.limit ? page[page.length - 1].position : null };
}
