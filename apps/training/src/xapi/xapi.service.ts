import { Inject, Injectable } from '@nestjs/common';
import { problem, ProblemException } from '@palembang/http';
import { creditFromXapiCredit, developmentDecider, developmentStreamId } from '@palembang/training-domain';
import { Account, cannotVoidVoiding, duplicateOutcome, inIdsFormat, JpProgram, jpCreditOf, prepareForStorage, Statement, StatementFormat, StoredStatement, voidingTarget } from '@palembang/xapi';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CivilServantsService } from '../development/civil-servants.service';
import { TrainingStore } from '../shared/training-store';
import { findStatements, insertStatement, searchStatements } from './statement-rows';
import { StatementSearch } from '@palembang/xapi';

export const XAPI_AUTHORITY_HOME_PAGE = Symbol('XAPI_AUTHORITY_HOME_PAGE');

export function xapiBadRequest(errors: readonly string[]): ProblemException {
  return new ProblemException(problem(400, { code: 'XAPI.BAD_REQUEST', detail: errors.join('; '), errors: errors.map((message) => ({ field: message.split(' ')[0] ?? '', message })) }));
}

type Caller = Readonly<{ clientId: string; correlationId: string }>;

/**
 * The statement store of the learning record store. Statements are appended, never changed; a
 * completed or passed statement on an activity mapped to a program credits the program's JP to the
 * civil servant (account name = NIP) in the same transaction, and voiding it withdraws the credit.
 */
@Injectable()
export class XapiStatementsService {
  private readonly development = developmentDecider();

  constructor(
    @Inject(TrainingStore) private readonly store: TrainingStore,
    @Inject(CivilServantsService) private readonly civilServants: CivilServantsService,
    @Inject(XAPI_AUTHORITY_HOME_PAGE) private readonly homePage: string,
  ) {}

  /** Stores the statements (all or none) and answers their ids in order. */
  async store_(statements: readonly Statement[], caller: Caller): Promise<string[]> {
    const authority: Account = { homePage: this.homePage, name: caller.clientId };
    return this.store.retryingConflicts(true, () =>
      this.store.dataSource.transaction(async (manager) => {
        const now = new Date();
        const prepared = statements.map((statement) => ({ incoming: statement, stored: prepareForStorage(statement, { now, authority, newId: randomUUID }) }));
        const held = await findStatements(manager, prepared.map(({ stored }) => stored.id));
        const fresh = prepared.filter(({ incoming, stored }) => this.isNew(held.get(stored.id)?.statement, incoming));
        await this.refuseVoidingOfVoiding(manager, fresh.map(({ stored }) => stored), prepared.map(({ stored }) => stored));
        for (const { incoming, stored } of fresh) {
          if (!(await insertStatement(manager, stored))) {
            // Stored meanwhile by a concurrent request: identical is fine, anything else a conflict.
            const again = await findStatements(manager, [stored.id]);
            this.isNew(again.get(stored.id)?.statement, incoming);
            continue;
          }
          await this.credit(manager, stored, caller);
        }
        return prepared.map(({ stored }) => stored.id);
      }),
    );
  }

  async single(statementId: string, voided: boolean, format: StatementFormat): Promise<StoredStatement> {
    const held = (await findStatements(this.store.dataSource.manager, [statementId])).get(statementId);
    if (!held || held.voided !== voided) {
      throw new ProblemException(problem(404, { code: 'XAPI.NOT_FOUND', detail: voided ? `No voided statement ${statementId}` : `No statement ${statementId}` }));
    }
    return format === 'ids' ? inIdsFormat(held.statement) : held.statement;
  }

  async search(search: StatementSearch) {
    const page = await searchStatements(this.store.dataSource.manager, search);
    return { statements: search.format === 'ids' ? page.statements.map((statement) => inIdsFormat(statement)) : page.statements, lastPosition: page.lastPosition };
  }

  private isNew(existing: StoredStatement | undefined, incoming: Statement): boolean {
    const outcome = duplicateOutcome(existing, incoming);
    if (outcome === 'conflict') {
      throw new ProblemException(problem(409, { code: 'XAPI.CONFLICT', detail: `Statement ${incoming.id} is already stored with different content; statements are immutable` }));
    }
    return outcome === 'new';
  }

  /** "Any Statement that voids another cannot itself be voided": the whole batch is refused. */
  private async refuseVoidingOfVoiding(manager: EntityManager, fresh: readonly StoredStatement[], batch: readonly StoredStatement[]): Promise<void> {
    const targets = fresh.map((statement) => voidingTarget(statement)).filter((id): id is string => id !== null);
    if (targets.length === 0) return;
    const held = await findStatements(manager, targets);
    const violations = targets
      .map((id) => cannotVoidVoiding(held.get(id)?.statement ?? batch.find((statement) => statement.id === id)))
      .filter((violation) => violation !== null);
    if (violations.length > 0) throw new ProblemException(problem(400, { code: 'XAPI.CANNOT_VOID_VOIDING', detail: violations.map((violation) => violation.reason).join('; ') }));
  }

  /** JP for a completion on a mapped activity by a registered civil servant; a voiding statement withdraws its target's credit. */
  private async credit(manager: EntityManager, statement: StoredStatement, caller: Caller): Promise<void> {
    const now = new Date().toISOString();
    const context = (agencyId: string) => ({ agencyId, actor: caller.clientId, correlationId: caller.correlationId, causationId: null, now });
    const metadata = (agencyId: string) => ({ now, agencyId, actor: caller.clientId, correlationId: caller.correlationId });
    const target = voidingTarget(statement);
    if (target !== null) {
      const credited: Array<{ nip: string; year: number; agency_id: string }> = await manager.query(`SELECT nip, year, agency_id FROM jp_credits WHERE reference = $1 AND revoked_at IS NULL`, [target]);
      for (const { nip, year, agency_id: agencyId } of credited) {
        await this.store.executeIn(manager, this.development, developmentStreamId(nip, year), { type: 'RevokeJpCredit', data: { nip, year, reference: target, reason: `xAPI statement ${target} voided by ${statement.id}` }, metadata: metadata(agencyId) }, context(agencyId));
      }
      return;
    }
    const object = statement.object as { objectType?: string; id?: string };
    if (object.objectType === 'StatementRef' || object.objectType === 'SubStatement' || typeof object.id !== 'string') return;
    const rows: Array<{ program_id: string; jp: number }> = await manager.query(`SELECT program_id, jp FROM training_programs WHERE status = 'active' AND $1 = ANY(xapi_activity_ids) ORDER BY created_at LIMIT 1`, [object.id]);
    const programs = new Map<string, JpProgram>(rows.map((row) => [object.id as string, { programId: row.program_id, jp: row.jp }]));
    const credit = jpCreditOf(statement, programs);
    if (!credit) return;
    const agencyId = await this.civilServants.agencyOf(manager, credit.nip);
    // A learner not in BKPSDM's register is not credited: where they serve decides where the JP count.
    if (!agencyId) return;
    const data = creditFromXapiCredit(credit, agencyId);
    await this.store.executeIn(manager, this.development, developmentStreamId(data.nip, data.year), { type: 'CreditJp', data, metadata: metadata(agencyId) }, context(agencyId));
  }
}
