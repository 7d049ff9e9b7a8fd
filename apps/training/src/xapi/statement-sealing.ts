import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PersonalDataVault } from '@palembang/events';
import { xapiStatementContract } from '@palembang/training-domain';
import { Actor, StoredStatement } from '@palembang/xapi';
import { DataSource } from 'typeorm';
import { agentReference } from './statement-rows';

const BATCH = 200;

/**
 * Seals, once, the actor of statements stored before sealing (their name and mailbox were in clear),
 * so forgetting the person erases them too. At start-up, in batches that concurrent instances share
 * (SKIP LOCKED). A civil servant's statement is linked to the agency they served at when it was stored;
 * an older statement about another agent to no agency (only agencies:all may forget that agent).
 */
@Injectable()
export class StatementSealing implements OnApplicationBootstrap {
  private readonly logger = new Logger('StatementSealing');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const sealed = await this.sealOlderStatements();
    if (sealed > 0) this.logger.log(`sealed the actor of ${sealed} statement(s) stored before sealing`);
  }

  /** How many statements it sealed. */
  async sealOlderStatements(): Promise<number> {
    for (let total = 0; ; ) {
      const count = await this.dataSource.transaction(async (manager) => {
        const rows: Array<{ statement_id: string; statement: StoredStatement; learner_agency: string | null }> = await manager.query(
          `SELECT statement_id, statement, learner_agency FROM xapi_statements WHERE NOT sealed ORDER BY position LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        );
        for (const { statement_id: id, statement, learner_agency: agencyId } of rows) {
          const sealed = await this.vault.seal(manager, xapiStatementContract, statement as unknown as Record<string, unknown>, agencyId ?? undefined);
          const object = statement.object as { objectType?: string };
          const objectAgent = object.objectType === 'Agent' || object.objectType === 'Group' ? agentReference(this.vault, statement.object as Actor) : null;
          await manager.query(`UPDATE xapi_statements SET statement = $2, actor_ifi = $3, object_agent_ifi = $4, sealed = true WHERE statement_id = $1`, [
            id, JSON.stringify(sealed), agentReference(this.vault, statement.actor)?.keyed ?? null, objectAgent?.keyed ?? null,
          ]);
        }
        return rows.length;
      });
      total += count;
      if (count < BATCH) return total;
    }
  }
}
