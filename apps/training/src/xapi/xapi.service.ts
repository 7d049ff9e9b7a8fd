import { Inject, Injectable } from '@nestjs/common';
import { ALL_AGENCIES_SCOPE, AuthPrincipal, hasScope } from '@palembang/auth';
import { PersonalDataVault, PostgresEventStore } from '@palembang/events';
import { isErased } from '@palembang/events/core';
import { problem, ProblemException } from '@palembang/http';
import { forgetSubject, subjectNotFound } from '@palembang/platform';
import { CommandContext, CommandRunner } from '@palembang/platform';
import { civilServantNipOfXapiActor, creditFromXapiCredit, creditYearProblem, subjectOfXapiAgent, xapiAgentKey, XapiAgentIdentifier } from '@palembang/training-domain';
import { Account, AttachmentPart, cannotVoidVoiding, duplicateOutcome, inCanonicalFormat, inIdsFormat, JpProgram, jpCreditOf, prepareForStorage, Statement, StatementFormat, StatementSearch, StoredStatement, voidingTarget } from '@palembang/xapi';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { agencyOfCivilServant } from '../civil-servants/civil-servants-view';
import { DevelopmentRecordsService } from '../development-records/development-records.service';
import { programOfActivity } from '../programs/programs-view';
import { TRAINING_CONFIG, TrainingConfig } from '../shared/training-config';
import { deleteAgentDocuments } from '../xapi-documents/xapi-documents-view';
import { agentReference, attachmentsOf, findStatements, HeldStatement, insertAttachments, insertStatement, mayRead, searchStatements, StatementReader } from './statement-rows';

export const XAPI_AUTHORITY_HOME_PAGE = Symbol('XAPI_AUTHORITY_HOME_PAGE');

export function xapiBadRequest(errors: readonly string[]): ProblemException {
  return new ProblemException(problem(400, { code: 'XAPI.BAD_REQUEST', detail: errors.join('; '), errors: errors.map((message) => ({ field: message.split(' ')[0] ?? '', message })) }));
}

/** The learning system calling: its client, agency, whether it acts for all agencies, and the request's correlation id. */
export type XapiCaller = StatementReader & Readonly<{ correlationId: string }>;

export function xapiCallerOf(principal: AuthPrincipal, correlationId: string): XapiCaller {
  return { clientId: principal.clientId, agencyId: principal.agencyId, allAgencies: hasScope(principal, ALL_AGENCIES_SCOPE), correlationId };
}

/** GET statements' format: exact as stored, ids, or canonical in the reader's language (Accept-Language, best first). */
function inFormat(statement: StoredStatement, format: StatementFormat, languages: readonly string[]): StoredStatement {
  if (format === 'ids') return inIdsFormat(statement);
  return format === 'canonical' ? inCanonicalFormat(statement, languages) : statement;
}

const forbidden = (code: string, detail: string) => new ProblemException(problem(403, { code, detail }));

/**
 * The statement store of the learning record store. Statements are appended, never changed; a
 * completed or passed statement on an activity mapped to a program credits the program's JP to the
 * civil servant (account name = NIP) in the same transaction, and voiding it withdraws the credit.
 *
 * Agencies: a learning system stores statements about its own agency's civil servants only (agencies:all
 * about any), reads what it stored and what concerns its agency's civil servants, and voids only what it
 * stored. A statement cannot credit a year that has closed (TRAINING_YEAR_CLOSES_ON) or not begun.
 * The actor's name and mailbox are sealed per subject: forgetting the person erases them.
 */
@Injectable()
export class XapiStatementsService {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DevelopmentRecordsService) private readonly developmentRecords: DevelopmentRecordsService,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(PostgresEventStore) private readonly events: PostgresEventStore,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
    @Inject(XAPI_AUTHORITY_HOME_PAGE) private readonly homePage: string,
  ) {}

  /** Stores the statements (all or none) and the raw data of their attachments, and answers their ids in order. */
  async store_(statements: readonly Statement[], caller: XapiCaller, attachments: readonly AttachmentPart[] = []): Promise<string[]> {
    const authority: Account = { homePage: this.homePage, name: caller.clientId };
    return this.runner.retryingConflicts(true, () =>
      this.dataSource.transaction(async (manager) => {
        const now = new Date();
        const prepared = statements.map((statement) => ({ incoming: statement, stored: prepareForStorage(statement, { now, authority, newId: randomUUID }) }));
        const held = await findStatements(manager, this.vault, prepared.map(({ stored }) => stored.id));
        const fresh = prepared.filter(({ incoming, stored }) => this.isNew(held.get(stored.id), incoming, caller));
        const learnerAgencies = await this.learnerAgencies(manager, fresh.map(({ stored }) => stored), caller);
        await this.checkVoiding(manager, fresh.map(({ stored }) => stored), prepared.map(({ stored }) => stored), caller);
        for (const { incoming, stored } of fresh) {
          const owner = { clientId: caller.clientId, agencyId: caller.agencyId, learnerAgency: learnerAgencies.get(stored.id) ?? null };
          if (!(await insertStatement(manager, this.vault, stored, owner))) {
            // Stored meanwhile by a concurrent request: identical is fine, anything else a conflict.
            const again = await findStatements(manager, this.vault, [stored.id]);
            this.isNew(again.get(stored.id), incoming, caller);
            continue;
          }
          await insertAttachments(manager, this.vault, stored, attachments, owner.learnerAgency ?? owner.agencyId);
          await this.credit(manager, stored, owner.learnerAgency, caller, now.toISOString());
        }
        return prepared.map(({ stored }) => stored.id);
      }),
    );
  }

  async single(statementId: string, voided: boolean, format: StatementFormat, languages: readonly string[], reader: StatementReader): Promise<StoredStatement> {
    const held = (await findStatements(this.dataSource.manager, this.vault, [statementId])).get(statementId);
    // Another system's statement about another agency's civil servant is not there for this reader.
    if (!held || held.voided !== voided || !mayRead(reader, held)) {
      throw new ProblemException(problem(404, { code: 'XAPI.NOT_FOUND', detail: voided ? `No voided statement ${statementId}` : `No statement ${statementId}` }));
    }
    return inFormat(this.presentable(held.statement), format, languages);
  }

  async search(search: StatementSearch, languages: readonly string[], reader: StatementReader) {
    const page = await searchStatements(this.dataSource.manager, this.vault, search, reader);
    return { statements: page.statements.map((statement) => inFormat(this.presentable(statement), search.format, languages)), lastPosition: page.lastPosition };
  }

  /** The raw data held for the attachments of statements the reader was answered (attachments=true). */
  attachmentsOf(statements: readonly StoredStatement[]): Promise<AttachmentPart[]> {
    return attachmentsOf(this.dataSource.manager, this.vault, statements);
  }

  /**
   * Forgets an xAPI agent that is not a civil servant (those are forgotten through the register): their
   * name and mailbox read as erased in every statement. The caller's agency must have stored statements
   * about them (agencies:all: any); audited either way, a refusal answers like an unknown agent.
   */
  forgetAgent(agent: XapiAgentIdentifier, principal: AuthPrincipal, now: string): Promise<{ erasedKeys: number }> {
    const key = xapiAgentKey(agent) ?? '';
    const documentsOf = agentReference(this.vault, agent)?.keyed;
    return forgetSubject(this.events, {
      subject: subjectOfXapiAgent(key),
      principal,
      now,
      notFound: () => subjectNotFound('XAPI.AGENT_NOT_FOUND', 'xAPI agent'),
      // Their State and Agent Profile documents hold what learning content kept about them, in clear.
      alsoErase: documentsOf ? (manager) => deleteAgentDocuments(manager, documentsOf) : undefined,
    });
  }

  /** A forgotten actor's sealed fields read as erased: they are left out, and an actor left without an identifier is named as erased. */
  private presentable(statement: StoredStatement): StoredStatement {
    const actor = statement.actor as Record<string, unknown>;
    const erased = Object.keys(actor).filter((key) => isErased(actor[key]));
    if (erased.length === 0) return statement;
    const kept = Object.fromEntries(Object.entries(actor).filter(([key]) => !erased.includes(key)));
    const identified = ['mbox', 'mbox_sha1sum', 'openid', 'account'].some((key) => key in kept);
    const anonymous = identified ? kept : { ...kept, account: { homePage: this.homePage, name: 'erased-agent' } };
    return { ...statement, actor: anonymous as StoredStatement['actor'] };
  }

  private isNew(existing: HeldStatement | undefined, incoming: Statement, caller: XapiCaller): boolean {
    // An id another system stored (and this one may not read) is a conflict, not a window onto that statement.
    if (existing && existing.storedBy !== caller.clientId && !caller.allAgencies) {
      throw new ProblemException(problem(409, { code: 'XAPI.CONFLICT', detail: `Statement ${incoming.id} is already stored; statements are immutable` }));
    }
    const outcome = duplicateOutcome(existing?.statement, incoming);
    if (outcome === 'conflict') {
      throw new ProblemException(problem(409, { code: 'XAPI.CONFLICT', detail: `Statement ${incoming.id} is already stored with different content; statements are immutable` }));
    }
    return outcome === 'new';
  }

  /**
   * The agency of the civil servant each statement is about (account name = NIP). Only agencies:all
   * stores statements about civil servants who are not its agency's; to anyone else an unregistered NIP
   * and another agency's are refused alike, so the answer does not tell where a NIP serves.
   */
  private async learnerAgencies(manager: EntityManager, statements: readonly StoredStatement[], caller: XapiCaller): Promise<Map<string, string | null>> {
    const agencies = new Map<string, string | null>();
    for (const statement of statements) {
      const nip = civilServantNipOfXapiActor(statement.actor);
      if (nip === null) continue;
      const agencyId = (await agencyOfCivilServant(manager, nip)) ?? null;
      if (!caller.allAgencies && agencyId !== caller.agencyId) {
        throw forbidden('XAPI.NOT_YOUR_CIVIL_SERVANT', `Statement ${statement.id}: the actor is not a civil servant registered at ${caller.agencyId}; only a learning system with agencies:all records learning of other agencies' civil servants`);
      }
      agencies.set(statement.id, agencyId);
    }
    return agencies;
  }

  /**
   * "Any Statement that voids another cannot itself be voided", and a learning system voids only
   * what it stored (agencies:all too: a statement is its authority's): the whole batch is refused.
   */
  private async checkVoiding(manager: EntityManager, fresh: readonly StoredStatement[], batch: readonly StoredStatement[], caller: XapiCaller): Promise<void> {
    const targets = fresh.map((statement) => voidingTarget(statement)).filter((id): id is string => id !== null);
    if (targets.length === 0) return;
    const held = await findStatements(manager, this.vault, targets);
    const othersHeld = targets.filter((id) => {
      const target = held.get(id);
      return target !== undefined && target.storedBy !== caller.clientId;
    });
    if (othersHeld.length > 0) throw forbidden('XAPI.NOT_YOUR_STATEMENT', `Only the learning system that stored a statement may void it: ${othersHeld.join(', ')}`);
    const violations = targets
      .map((id) => cannotVoidVoiding(held.get(id)?.statement ?? batch.find((statement) => statement.id === id)))
      .filter((violation) => violation !== null);
    if (violations.length > 0) throw new ProblemException(problem(400, { code: 'XAPI.CANNOT_VOID_VOIDING', detail: violations.map((violation) => violation.reason).join('; ') }));
  }

  /**
   * JP for a completion on a mapped activity by a registered civil servant; a voiding statement withdraws its target's credit.
   * `learnerAgency` is where the actor serves, as learnerAgencies read it from the register in this transaction.
   */
  private async credit(manager: EntityManager, statement: StoredStatement, learnerAgency: string | null, caller: XapiCaller, now: string): Promise<void> {
    const context: CommandContext = { agencyId: caller.agencyId, actor: caller.clientId, correlationId: caller.correlationId, causationId: null, now };
    const target = voidingTarget(statement);
    if (target !== null) {
      // checkVoiding let through only the caller's own statements (or ones not held, which earned nothing).
      return this.developmentRecords.revokeXapiCredits(manager, target, `xAPI statement ${target} voided by ${statement.id}`, context);
    }
    const object = statement.object as { objectType?: string; id?: string };
    if (object.objectType === 'StatementRef' || object.objectType === 'SubStatement' || typeof object.id !== 'string') return;
    const program = await programOfActivity(manager, object.id);
    const credit = jpCreditOf(statement, new Map<string, JpProgram>(program ? [[object.id, program]] : []));
    if (!credit) return;
    const closed = creditYearProblem(credit.completedAt, now, this.config.yearClosing);
    if (closed) {
      throw new ProblemException(problem(400, { code: 'XAPI.YEAR_CLOSED', detail: `Statement ${statement.id}: ${closed}`, errors: [{ field: 'timestamp', message: `timestamp: ${closed}` }] }));
    }
    // A learner not in BKPSDM's register is not credited: where they serve decides where the JP count.
    // (A credited NIP is always the actor civilServantNipOfXapiActor names, or one of 18 digits the register cannot hold.)
    if (!learnerAgency) return;
    await this.developmentRecords.credit(manager, creditFromXapiCredit(credit, learnerAgency), context);
  }
}
