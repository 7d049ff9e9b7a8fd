import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '@palembang/working-days';
import { randomUUID } from 'node:crypto';
import { ACCOUNTABILITY_CLOCK } from '../metrics/metrics-reader';
import { AgenciesService } from './agencies.service';

/** The agency the seed's events are recorded for: the city government, which keeps the register. */
export const REGISTER_KEEPER_AGENCY = 'pemkot-palembang';

/**
 * Registers Palembang's agencies at start, once: `npm start`, the tests and a fresh installation all
 * have the register. With PostgreSQL down the start fails (and the orchestrator restarts the service),
 * as every start-up read does; the events reach Kafka through the outbox, whenever Kafka is up.
 */
@Injectable()
export class AgencyRegisterSeed implements OnApplicationBootstrap {
  constructor(
    @Inject(AgenciesService) private readonly agencies: AgenciesService,
    @Inject(ACCOUNTABILITY_CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.agencies.seed({ agencyId: REGISTER_KEEPER_AGENCY, actor: 'agency-register-seed', correlationId: randomUUID(), now: this.clock() });
  }
}
