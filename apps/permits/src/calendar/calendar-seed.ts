import { SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PostgresEventStore } from '@palembang/events';
import { ConcurrencyError } from '@palembang/events/core';
import { calendarYearStreamId, Clock, INDONESIA_CALENDAR_2026 } from '@palembang/working-days';
import { randomUUID } from 'node:crypto';
import { PERMITS_CLOCK } from '../permit-applications/deadline-watcher';
import { CalendarService } from './calendar.service';

export const SEED_ACTOR = 'seed';

/**
 * On start, publishes the 2026 decree (the platform's seed) if its year has no stream yet;
 * every later year and amendment arrives through the API. Instances starting together race
 * for it: the one that loses gets a ConcurrencyError, which means the seed is there.
 */
@Injectable()
export class CalendarSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger('CalendarSeed');

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CalendarService) private readonly calendar: CalendarService,
    @Inject(PERMITS_CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const seed = INDONESIA_CALENDAR_2026;
    if ((await this.store.streamVersion(calendarYearStreamId(seed.year, this.config.calendarNamespace))) > 0) return;
    try {
      await this.calendar.publish(seed, { actor: SEED_ACTOR, agencyId: 'system', correlationId: randomUUID(), now: this.clock(), expectedVersion: 0 });
      this.logger.log(`published the seed calendar of ${seed.year} (${seed.decree.reference})`);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
}
