import { Inject, Injectable } from '@nestjs/common';
import { PostgresEventStore } from '@palembang/events';
import { isErased } from '@palembang/events/core';
import { AgencyRegister, CommandContext, CommandRunner } from '@palembang/platform';
import { CivilServantCommand, civilServantDecider, CivilServantEvent, civilServantStreamId, subjectOfCivilServant } from '@palembang/training-domain';
import { EntityManager } from 'typeorm';
import { commandOf } from '../shared/training-commands';
import { notFound } from '../shared/training-http';
import { civilServantWrites } from './civil-servants-view';

export type RegisteredCivilServant = Readonly<{ nip: string; agencyId: string; name: string; registeredAt: string; version: number }>;

/** The name a forgotten civil servant is enrolled under. */
export const ERASED_NAME = '(erased)';

export const civilServantNotFound = () => notFound('CIVIL_SERVANT.NOT_FOUND', 'No such civil servant in the register');

const projection = (outcome: { events: readonly CivilServantEvent[] }) => civilServantWrites(outcome.events);

/** The register of civil servants kept by BKPSDM: where each serves, so credits and accountability count them per agency. */
@Injectable()
export class CivilServantsService {
  private readonly decider = civilServantDecider();

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(PostgresEventStore) private readonly events: PostgresEventStore,
    @Inject(AgencyRegister) private readonly agencies: AgencyRegister,
  ) {}

  /**
   * The agency they serve at holds their case (not BKPSDM, which keeps the register): while it is the only one,
   * it may forget them. A transfer links the new agency and the old keeps its link, so then only agencies:all may.
   */
  async register(nip: string, name: string, agencyId: string, context: CommandContext): Promise<RegisteredCivilServant> {
    await this.agencies.requireRegistered({ agencyId });
    return this.run(commandOf('RegisterCivilServant', { nip, name, agencyId }, context), context);
  }

  async transfer(nip: string, agencyId: string, context: CommandContext): Promise<RegisteredCivilServant> {
    await this.agencies.requireRegistered({ agencyId });
    return this.run(commandOf('TransferCivilServant', { nip, agencyId }, context), context);
  }

  async get(nip: string): Promise<RegisteredCivilServant> {
    const found = await this.find(nip);
    if (!found) throw civilServantNotFound();
    return found;
  }

  /** The civil servant with the name from the register's (sealed) event, or undefined. */
  async find(nip: string, manager?: EntityManager): Promise<RegisteredCivilServant | undefined> {
    const { state, envelopes, version } = await this.runner.load(this.decider, civilServantStreamId(nip), manager);
    if (state.status === 'absent') return undefined;
    const registered = envelopes[0]?.type === 'CivilServantRegistered' ? (envelopes[0].data as { name: unknown }).name : '';
    // A forgotten civil servant stays in the register without a name: what is enrolled for them says so.
    const name = isErased(registered) ? ERASED_NAME : String(registered);
    return { nip: state.nip, agencyId: state.agencyId, name, registeredAt: state.registeredAt, version };
  }

  /**
   * The agency named in the command holds a case of the civil servant from now on, and the answer is the
   * civil servant as this command left them: both in the command's transaction.
   */
  private run(command: CivilServantCommand, context: CommandContext): Promise<RegisteredCivilServant> {
    const { nip, agencyId } = command.data;
    return this.runner.execute(this.decider, command, context, { streamId: civilServantStreamId(nip), projection }, async (manager) => {
      await this.events.linkSubjectToAgency(manager, subjectOfCivilServant(nip), agencyId);
      const registered = await this.find(nip, manager);
      if (!registered) throw civilServantNotFound();
      return registered;
    });
  }
}
