import { PersonalDataVault } from '@palembang/events';
import { subjectOfXapiActor, XapiAgentIdentifier, xapiAgentKey, xapiStatementContract } from '@palembang/training-domain';
import { defineContract, Event, EventContract } from '@palembang/events/core';
import { Actor, Attachment, AttachmentPart, isActivity, Statement, StatementSearch, StoredStatement, voidingTarget } from '@palembang/xapi';
import { EntityManager } from 'typeorm';

/** Who reads: a learning system sees what it stored and what concerns its agency's civil servants; agencies:all sees all. */
export type StatementReader = Readonly<{ clientId: string; agencyId: string; allAgencies: boolean }>;

/** Who stores: the client (the statement's authority), its agency, and the agency of the civil servant the statement is about. */
export type StatementOwner = Readonly<{ clientId: string; agencyId: string; learnerAgency: string | null }>;

/**
 * The searchable key of an agent: a keyed hash of its identifier, so the table names no mailbox in
 * clear (the statement itself holds it sealed). Statements stored before sealing kept the identifier.
 */
export function agentReference(vault: PersonalDataVault, agent: XapiAgentIdentifier | undefined): { keyed: string; clear: string } | null {
  const key = xapiAgentKey(agent);
  return key === null ? null : { keyed: vault.subjectReference(`xapi-agent-key:${key}`), clear: key };
}

/** Appends the statement, its actor's personal fields sealed; false when its id is already held (a concurrent or earlier store). */
export async function insertStatement(manager: EntityManager, vault: PersonalDataVault, statement: StoredStatement, owner: StatementOwner): Promise<boolean> {
  const object = statement.object as { objectType?: string; id?: string };
  const objectAgent = object.objectType === 'Agent' || object.objectType === 'Group' ? agentReference(vault, statement.object as Actor) : null;
  // A civil servant's statement is a case of their agency (not of an agencies:all system that stored it);
  // any other agent's, of the storing agency.
  const sealed = await vault.seal(manager, xapiStatementContract, statement as unknown as Record<string, unknown>, owner.learnerAgency ?? owner.agencyId);
  const rows: unknown[] = await manager.query(
    `INSERT INTO xapi_statements (statement_id, statement, verb_id, activity_id, actor_ifi, object_agent_ifi, object_statement_id, registration, voids, stored, stored_by, learner_agency, sealed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, true) ON CONFLICT (statement_id) DO NOTHING RETURNING position`,
    [
      statement.id,
      JSON.stringify(sealed),
      statement.verb.id,
      isActivity(statement.object) ? statement.object.id : null,
      agentReference(vault, statement.actor)?.keyed ?? null,
      objectAgent?.keyed ?? null,
      object.objectType === 'StatementRef' ? object.id?.toLowerCase() : null,
      statement.context?.registration?.toLowerCase() ?? null,
      voidingTarget(statement),
      statement.stored,
      owner.clientId,
      owner.learnerAgency,
    ],
  );
  return rows.length > 0;
}

export type HeldStatement = Readonly<{ statement: StoredStatement; voided: boolean; storedBy: string | null; learnerAgency: string | null }>;

/** Voided only by a statement of the client that stored it: another client's voiding statement voids nothing. */
const VOIDED = `EXISTS (SELECT 1 FROM xapi_statements v WHERE v.voids = s.statement_id AND v.stored_by IS NOT DISTINCT FROM s.stored_by)`;

export function mayRead(reader: StatementReader, held: Pick<HeldStatement, 'storedBy' | 'learnerAgency'>): boolean {
  return reader.allAgencies || held.storedBy === reader.clientId || (held.learnerAgency !== null && held.learnerAgency === reader.agencyId);
}

export async function findStatements(manager: EntityManager, vault: PersonalDataVault, ids: readonly string[]): Promise<Map<string, HeldStatement>> {
  if (ids.length === 0) return new Map();
  const rows: Array<{ statement_id: string; statement: StoredStatement; voided: boolean; stored_by: string | null; learner_agency: string | null }> = await manager.query(
    `SELECT s.statement_id, s.statement, ${VOIDED} AS voided, s.stored_by, s.learner_agency FROM xapi_statements s WHERE s.statement_id = ANY($1::uuid[])`,
    [ids],
  );
  const unsealed = await Promise.all(rows.map((row) => vault.unseal(manager, row.statement) as Promise<StoredStatement>));
  return new Map(rows.map((row, index) => [row.statement_id, { statement: unsealed[index], voided: row.voided, storedBy: row.stored_by, learnerAgency: row.learner_agency }]));
}

/**
 * A page of the StatementResult the reader may see: voided statements left out; a filter on agent, verb,
 * activity or registration also matches a statement referring (StatementRef) to a matching one; since/until
 * on "stored"; newest first unless ascending. `after` is the position of the last statement of the previous page.
 */
export async function searchStatements(
  manager: EntityManager,
  vault: PersonalDataVault,
  search: StatementSearch,
  reader: StatementReader,
): Promise<{ statements: StoredStatement[]; lastPosition: string | null }> {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const reference = search.agent ? agentReference(vault, search.agent) : null;
  const agent = reference ? { keyed: param(reference.keyed), clear: param(reference.clear) } : null;
  const verb = search.verb ? param(search.verb) : null;
  const activity = search.activity ? param(search.activity) : null;
  const registration = search.registration ? param(search.registration) : null;
  const agentOn = (alias: string, column: string) => `(${alias}.${column} = ${agent?.keyed} OR (NOT ${alias}.sealed AND ${alias}.${column} = ${agent?.clear}))`;
  const conditionsOn = (alias: string) =>
    [
      agent && `(${agentOn(alias, 'actor_ifi')} OR ${agentOn(alias, 'object_agent_ifi')})`,
      verb && `${alias}.verb_id = ${verb}`,
      activity && `${alias}.activity_id = ${activity}`,
      registration && `${alias}.registration = ${registration}::uuid`,
    ].filter(Boolean).join(' AND ');
  const where = [`NOT ${VOIDED}`];
  if (!reader.allAgencies) where.push(`(s.stored_by = ${param(reader.clientId)} OR s.learner_agency = ${param(reader.agencyId)})`);
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
  const statements = (await vault.unseal(manager, page.map((row) => row.statement))) as StoredStatement[];
  return { statements, lastPosition: rows.length > search.limit ? page[page.length - 1].position : null };
}

type SealedAttachment = Readonly<{ content: unknown }>;

/**
 * An attachment's data is sealed with the key of the statement's actor (a civil servant, else the xAPI agent), the
 * subject statements seal their actor's name and mailbox with: forgetting the person erases the data too.
 */
const xapiAttachmentContract: EventContract = defineContract<Event<'XapiAttachmentStored', { actor: XapiAgentIdentifier; content: string }>>({
  type: 'XapiAttachmentStored',
  schemaVersion: 1,
  personalData: { subjectId: (data) => subjectOfXapiActor(data.actor), fields: ['content'] },
});

/** Keeps the raw data of a stored statement's attachments (its SubStatement's too), sealed; `agencyId` holds the person's case. */
export async function insertAttachments(manager: EntityManager, vault: PersonalDataVault, statement: StoredStatement, parts: readonly AttachmentPart[], agencyId: string): Promise<void> {
  const named = new Set(attachmentsNamedBy(statement).map((attachment) => attachment.sha2.toLowerCase()));
  for (const part of parts.filter((candidate) => named.has(candidate.sha2))) {
    const sealed = await vault.seal(manager, xapiAttachmentContract, { actor: statement.actor, content: part.content.toString('base64') }, agencyId);
    const stored: SealedAttachment = { content: sealed['content'] };
    await manager.query(`INSERT INTO xapi_attachments (statement_id, sha2, content_type, content, stored) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
      statement.id, part.sha2, part.contentType, JSON.stringify(stored), statement.stored,
    ]);
  }
}

/** The raw data held for the attachments of these statements, each hash once; the data of a forgotten person is gone. */
export async function attachmentsOf(manager: EntityManager, vault: PersonalDataVault, statements: readonly StoredStatement[]): Promise<AttachmentPart[]> {
  if (statements.length === 0) return [];
  const rows: Array<{ sha2: string; content_type: string; content: SealedAttachment }> = await manager.query(
    `SELECT DISTINCT ON (sha2) sha2, content_type, content FROM xapi_attachments WHERE statement_id = ANY($1) ORDER BY sha2, stored`,
    [statements.map((statement) => statement.id)],
  );
  const unsealed = (await vault.unseal(manager, rows.map((row) => row.content))) as SealedAttachment[];
  return rows.flatMap((row, index) => {
    const content = unsealed[index].content;
    return typeof content === 'string' ? [{ sha2: row.sha2, contentType: row.content_type, content: Buffer.from(content, 'base64') }] : [];
  });
}

function attachmentsNamedBy(statement: Statement): readonly Attachment[] {
  return [...(statement.attachments ?? []), ...(statement.object.objectType === 'SubStatement' ? (statement.object.attachments ?? []) : [])];
}
