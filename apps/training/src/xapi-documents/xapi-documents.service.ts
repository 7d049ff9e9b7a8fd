import { Inject, Injectable } from '@nestjs/common';
import { PersonalDataVault } from '@palembang/events';
import { ConcurrencyError } from '@palembang/events/core';
import { problem, ProblemException } from '@palembang/http';
import { CommandRunner } from '@palembang/platform';
import {
  activityOf, ActivityObject, Actor, DocumentRequest, DocumentScope, mergedJsonDocument, Person, personOf, postedJsonObject, preconditionOutcome, quotedEtag,
} from '@palembang/xapi';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { agentReference } from '../xapi/statement-rows';
import { xapiBadRequest, XapiCaller } from '../xapi/xapi.service';
import {
  activityDefinitions, deleteDocument, deleteDocuments, DocumentLocation, documentIds, DocumentWrite, findDocument, insertDocument, replaceDocument, StoredDocument,
} from './xapi-documents-view';
import { MAX_DOCUMENT_BYTES } from './raw-document-body';

/** A document as a client sends it: its bytes and their media type. */
export type IncomingDocument = Readonly<{ content: Buffer; contentType: string }>;
/** The concurrency headers of a write (xAPI-Communication 3.1). */
export type WriteConditions = Readonly<{ ifMatch: string | undefined; ifNoneMatch: string | undefined }>;
export type SingleDocument = Extract<DocumentRequest, { kind: 'single' }>;

const notFound = (documentId: string) => new ProblemException(problem(404, { code: 'XAPI.NOT_FOUND', detail: `No document ${documentId} here` }));

/**
 * The State, Activity Profile and Agent Profile documents of the learning record store, and the Agents and
 * Activities resources. A document is the agency's whose client wrote it: another agency's learning system
 * neither reads, lists, overwrites nor deletes it, and cannot tell it exists (its PUT creates its own). The
 * agent is kept as the keyed hash statements use, so the table names no civil servant in clear.
 * Writes run in one transaction each, the document locked, and retry when a first write raced another.
 */
@Injectable()
export class XapiDocumentsService {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  /** PUT: stores the document as sent, replacing the one there if the preconditions allow. */
  put(request: SingleDocument, incoming: IncomingDocument, conditions: WriteConditions, caller: XapiCaller): Promise<void> {
    return this.write(request, 'PUT', conditions, caller, () => incoming);
  }

  /** POST: stores the document, or merges it into the stored JSON object (both must be JSON objects, application/json). */
  post(request: SingleDocument, incoming: IncomingDocument, conditions: WriteConditions, caller: XapiCaller): Promise<void> {
    const posted = postedJsonObject({ contentType: incoming.contentType, text: incoming.content.toString('utf8') });
    if (!posted.ok) return Promise.reject(xapiBadRequest(posted.errors));
    return this.write(request, 'POST', conditions, caller, (stored) => {
      if (stored === null) return incoming;
      const merged = mergedJsonDocument({ contentType: stored.contentType, text: stored.content.toString('utf8') }, { contentType: incoming.contentType, text: incoming.content.toString('utf8') });
      if (!merged.ok) throw xapiBadRequest(merged.errors);
      const content = Buffer.from(merged.value, 'utf8');
      // Each POST is bounded; without this, POSTs of new keys would grow one document without end.
      if (content.length > MAX_DOCUMENT_BYTES) throw new ProblemException(problem(413, { code: 'XAPI.DOCUMENT_TOO_LARGE', detail: `The merged document would be ${content.length} bytes; at most ${MAX_DOCUMENT_BYTES}` }));
      return { content, contentType: 'application/json' };
    });
  }

  async get(request: SingleDocument, caller: XapiCaller): Promise<StoredDocument> {
    const document = await findDocument(this.dataSource.manager, this.locationOf(request.scope, caller), request.documentId);
    if (!document) throw notFound(request.documentId);
    return document;
  }

  ids(request: Extract<DocumentRequest, { kind: 'ids' }>, caller: XapiCaller): Promise<string[]> {
    const { scope } = request;
    return documentIds(this.dataSource.manager, this.locationOf(scope, caller), scope.resource === 'state' ? scope.registration : '', request.since);
  }

  /** DELETE of one document (204 whether or not it was there, If-Match honoured), or of all State documents of the scope. */
  async delete(request: Exclude<DocumentRequest, { kind: 'ids' }>, conditions: WriteConditions, caller: XapiCaller): Promise<void> {
    const location = this.locationOf(request.scope, caller);
    if (request.kind === 'all') return deleteDocuments(this.dataSource.manager, location, request.scope.registration);
    await this.dataSource.transaction(async (manager) => {
      const stored = await findDocument(manager, location, request.documentId, true);
      this.checkConditions('DELETE', stored, conditions, request.scope);
      if (stored) await deleteDocument(manager, location, request.documentId);
    });
  }

  /** The Person object (2.4): the agent asked about, its names and identifiers as arrays; the LRS links no other identities to it. */
  person(agent: Actor): Person {
    return personOf([agent]);
  }

  /** The Activity object (2.5) as the statements the caller may read define it. */
  async activity(activityId: string, caller: XapiCaller): Promise<ActivityObject> {
    return activityOf(activityId, await activityDefinitions(this.dataSource.manager, activityId, caller));
  }

  private write(request: SingleDocument, method: 'PUT' | 'POST', conditions: WriteConditions, caller: XapiCaller, next: (stored: StoredDocument | null) => IncomingDocument): Promise<void> {
    const location = this.locationOf(request.scope, caller);
    return this.runner.retryingConflicts(true, () =>
      this.dataSource.transaction(async (manager: EntityManager) => {
        const stored = await findDocument(manager, location, request.documentId, true);
        this.checkConditions(method, stored, conditions, request.scope);
        const document = next(stored);
        const write: DocumentWrite = { ...document, etag: quotedEtag(createHash('sha1').update(document.content).digest('hex')), updated: new Date(), updatedBy: caller.clientId };
        if (stored) return replaceDocument(manager, location, request.documentId, write);
        // Written meanwhile by a concurrent first write: read it again and judge the preconditions against it.
        if (!(await insertDocument(manager, location, request.documentId, write))) throw new ConcurrencyError(`xapi-document:${request.documentId}`, 'any', 0);
      }),
    );
  }

  private checkConditions(method: 'PUT' | 'POST' | 'DELETE', stored: StoredDocument | null, conditions: WriteConditions, scope: DocumentScope): void {
    const outcome = preconditionOutcome({ method, current: stored?.etag ?? null, ...conditions, headerRequiredToOverwrite: scope.resource !== 'state' });
    if (outcome === 'precondition-failed') {
      throw new ProblemException(problem(412, { code: 'XAPI.PRECONDITION_FAILED', detail: stored ? 'The document has changed since the ETag given (If-Match), or exists (If-None-Match: *); read it again' : 'There is no such document to match (If-Match)' }));
    }
    if (outcome === 'header-required') {
      throw new ProblemException(problem(409, { code: 'XAPI.CONFLICT', detail: 'The document exists: read it, check its current state, and send If-Match with its ETag to replace it (or If-None-Match: * to create only)' }));
    }
  }

  private locationOf(scope: DocumentScope, caller: XapiCaller): DocumentLocation {
    return {
      agencyId: caller.agencyId,
      resource: scope.resource,
      activityId: scope.activityId ?? '',
      agentKey: scope.agent ? agentReference(this.vault, scope.agent)?.keyed ?? '' : '',
      registration: scope.registration ?? '',
    };
  }
}

