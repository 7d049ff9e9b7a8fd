import { Inject, Injectable } from '@nestjs/common';
import { PostgresEventStore } from '@palembang/events';
import { isErased } from '@palembang/events/core';
import { CivilServant, civilServantDecider, civilServantStreamId, subjectOfCivilServant } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';
import { notFound } from '../shared/http';
import { CommandContext, TrainingStore } from '../shared/training-store';

export type RegisteredCivilServant = Readonly<{ nip: string; agencyId: string; name: string; registeredAt: string; version: number }>;

/** The name a forgotten civil servant is enrolled under. */
export const ERASED_NAME = '(erased)';

export const civilServantNotFound = () => notFound('CIVIL_SERVANT.NOT_FOUND', 'No such civil servant in the register');

/** The register of civil servants kept by BKPSDM: where each serves, so credits and accountability count them per agency. */
@Injectable()
export class CivilServantsService {
  private readonly decider = civilServantDecider();

  constructor(
    @Inject(TrainingStore) private readonly store: TrainingStore,
    @Inject(PostgresEventStore) private readonly events: PostgresEventStore,
  ) {}

  /**
   * The agency they serve at holds their case (not BKPSDM, which keeps the register): while it is the only one,
   * it may forget them. A transfer links the new agency and the old keeps its link, so then only agencies:all may.
   */
  async register(nip: string, name: string, agencyId: string, context: CommandContext): Promise<RegisteredCivilServant> {
    await this.store.execute(this.decider, civilServantStreamId(nip), { type: 'RegisterCivilServant', data: { nip, name, agencyId }, metadata: metadataOf(context) }, context, (manager) =>
      this.events.linkSubjectToAgency(manager, subjectOfCivilServant(nip), agencyId),
    );
    return this.get(nip);
  }

  async transfer(nip: string, agencyId: string, context: CommandContext): Promise<RegisteredCivilServant> {
    await this.store.execute(this.decider, civilServantStreamId(nip), { type: 'TransferCivilServant', data: { nip, agencyId }, metadata: metadataOf(context) }, context, (manager) =>
      this.events.linkSubjectToAgency(manager, subjectOfCivilServant(nip), agencyId),
    );
    return this.get(nip);
  }

  async get(nip: string): Promise<RegisteredCivilServant> {
    const found = await this.find(nip);
    if (!found) throw civilServantNotFound();
    return found;
  }

  /** The civil servant with the name from the register's (sealed) event, or undefined. */
  async find(nip: string, manager?: EntityManager): Promise<RegisteredCivilServant | undefined> {
    const { state, envelopes, version } = await this.store.load(this.decider, civilServantStreamId(nip), manager);
    const serving = state as CivilServant;
    if (serving.status === 'absent') return undefined;
    const registered = envelopes[0]?.type === 'CivilServantRegistered' ? (envelopes[0].data as { name: unknown }).name : '';
    // A forgotten civil servant stays in the register without a name: what is enrolled for them says so.
    const name = isErased(registered) ? ERASED_NAME : String(registered);
    return { nip: serving.nip, agencyId: serving.agencyId, name, registeredAt: serving.registeredAt, version };
  }

  /** The agency a civil servant serves at, from the read model (in the caller's transaction). */
  async agencyOf(manager: EntityManager, nip: string): Promise<string | undefined> {
    const rows: Array<{ agency_id: string }> = await manager.query(`SELECT agency_id FROM civil_servants WHERE nip = $1`, [nip]);
    return rows[0]?.agency_id;
  }
}

function metadataOf(context: CommandContext) {
  return { now: context.now, agencyId: context.agencyId, actor: context.actor, correlationId: context.correlationId };
}
