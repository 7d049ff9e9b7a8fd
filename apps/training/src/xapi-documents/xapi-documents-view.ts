import { EntityManager } from 'typeorm';

/** Where a document lives: the agency's, of one resource, for an activity and agent (keyed hash), a registration; '' where none applies. */
export type DocumentLocation = Readonly<{ agencyId: string; resource: string; activityId: string; agentKey: string; registration: string }>;

export type StoredDocument = Readonly<{ content: Buffer; contentType: string; etag: string; updated: Date }>;

export type DocumentWrite = Readonly<{ content: Buffer; contentType: string; etag: string; updated: Date; updatedBy: string }>;

const AT = 'agency_id = $1 AND resource = $2 AND activity_id = $3 AND agent_key = $4';
const at = (location: DocumentLocation) => [location.agencyId, location.resource, location.activityId, location.agentKey];

/** The document, locked for the rest of the transaction when `forUpdate`; null when there is none. */
export async function findDocument(manager: EntityManager, location: DocumentLocation, documentId: string, forUpdate = false): Promise<StoredDocument | null> {
  const rows: Array<{ content: Buffer; content_type: string; etag: string; updated: Date }> = await manager.query(
    `SELECT content, content_type, etag, updated FROM xapi_documents WHERE ${AT} AND registration = $5 AND document_id = $6${forUpdate ? ' FOR UPDATE' : ''}`,
    [...at(location), location.registration, documentId],
  );
  const row = rows[0];
  return row ? { content: row.content, contentType: row.content_type, etag: row.etag, updated: new Date(row.updated) } : null;
}

/** Stores a new document; false when one was stored meanwhile (a concurrent first write). */
export async function insertDocument(manager: EntityManager, location: DocumentLocation, documentId: string, document: DocumentWrite): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO xapi_documents (agency_id, resource, activity_id, agent_key, registration, document_id, content, content_type, etag, updated, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING 1`,
    [...at(location), location.registration, documentId, document.content, document.contentType, document.etag, document.updated, document.updatedBy],
  );
  return rows.length > 0;
}

export async function replaceDocument(manager: EntityManager, location: DocumentLocation, documentId: string, document: DocumentWrite): Promise<void> {
  await manager.query(
    `UPDATE xapi_documents SET content = $7, content_type = $8, etag = $9, updated = $10, updated_by = $11 WHERE ${AT} AND registration = $5 AND document_id = $6`,
    [...at(location), location.registration, documentId, document.content, document.contentType, document.etag, document.updated, document.updatedBy],
  );
}

export async function deleteDocument(manager: EntityManager, location: DocumentLocation, documentId: string): Promise<void> {
  await manager.query(`DELETE FROM xapi_documents WHERE ${AT} AND registration = $5 AND document_id = $6`, [...at(location), location.registration, documentId]);
}

/**
 * The State documents of an activity and agent: of one registration when `registration` is given, of all
 * (with or without one) otherwise, as the reference LRS reads the optional parameter.
 */
function ofScope(location: DocumentLocation, registration: string | null): { where: string; params: unknown[] } {
  return registration === null ? { where: AT, params: at(location) } : { where: `${AT} AND registration = $5`, params: [...at(location), registration] };
}

/** Ids of the documents stored (or changed) after `since` when given, in id order. */
export async function documentIds(manager: EntityManager, location: DocumentLocation, registration: string | null, since: Date | null): Promise<string[]> {
  const { where, params } = ofScope(location, registration);
  const after = since ? ` AND updated > $${params.length + 1}` : '';
  const rows: Array<{ document_id: string }> = await manager.query(
    `SELECT DISTINCT ON (document_id) document_id, updated FROM xapi_documents WHERE ${where}${after} ORDER BY document_id, updated DESC`,
    since ? [...params, since] : params,
  );
  return rows.map((row) => row.document_id);
}

/** Every document about an agent, in every agency: the person is forgotten for all of them at once. */
export async function deleteAgentDocuments(manager: EntityManager, agentKey: string): Promise<void> {
  await manager.query(`DELETE FROM xapi_documents WHERE agent_key = $1`, [agentKey]);
}

export async function deleteDocuments(manager: EntityManager, location: DocumentLocation, registration: string | null): Promise<void> {
  const { where, params } = ofScope(location, registration);
  await manager.query(`DELETE FROM xapi_documents WHERE ${where}`, params);
}

/** How many of an activity's latest definitions are merged: a popular course has thousands of statements. */
const DEFINITIONS_MERGED = 100;

/**
 * The latest definitions the statements the reader may read give an activity, oldest first (xapi_statements:
 * a learning system reads what it stored and what concerns its agency's civil servants; agencies:all reads all).
 */
export async function activityDefinitions(manager: EntityManager, activityId: string, reader: Readonly<{ clientId: string; agencyId: string; allAgencies: boolean }>): Promise<unknown[]> {
  const scoped = reader.allAgencies ? '' : ' AND (stored_by = $2 OR learner_agency = $3)';
  const rows: Array<{ definition: unknown }> = await manager.query(
    `SELECT definition FROM (
       SELECT statement->'object'->'definition' AS definition, position FROM xapi_statements
        WHERE activity_id = $1 AND statement->'object' ? 'definition'${scoped} ORDER BY position DESC LIMIT ${DEFINITIONS_MERGED}
     ) latest ORDER BY position`,
    reader.allAgencies ? [activityId] : [activityId, reader.clientId, reader.agencyId],
  );
  return rows.map((row) => row.definition);
}
