import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEnvelope } from '@palembang/events';
import { CommandContext, CommandRunner } from '@palembang/platform';
import { TrainingRecommendationDto } from '@palembang/training-api';
import { recommendationFor, ServicePerformanceBelowStandard, servicePerformanceProblem, trainingRecommendationDecider, TrainingRecommendationEvent, trainingRecommendationStreamId } from '@palembang/training-domain';
import { DataSource, EntityManager } from 'typeorm';
import { activeCatalogue } from '../programs/programs-view';
import { commandOf } from '../shared/training-commands';
import { recommendationsTo, recommendationWrites } from './recommendations-view';

const projection = (outcome: { events: readonly TrainingRecommendationEvent[] }) => recommendationWrites(outcome.events);

/**
 * Process manager: an agency's service below its standard gets targeted programs from the active
 * catalogue (RecommendTargetedPrograms), on a stream named by the alert, so one alert is one
 * recommendation whichever event or instance delivers it.
 */
@Injectable()
export class RecommendationsService {
  private readonly logger = new Logger(RecommendationsService.name);
  private readonly decider = trainingRecommendationDecider();

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /** Runs in the consumer's transaction (with its inbox row). */
  async answer(event: EventEnvelope, manager: EntityManager): Promise<void> {
    if (event.type !== 'ServicePerformanceBelowStandard') return;
    const alert = event.data as ServicePerformanceBelowStandard['data'];
    const problem = servicePerformanceProblem(alert);
    if (problem) {
      // A malformed alert is not retried: it would fail the same way every time.
      this.logger.warn(`alert ${event.eventId} ignored: ${problem}`);
      return;
    }
    const recommendation = recommendationFor(alert, await activeCatalogue(manager));
    if (!recommendation) {
      this.logger.warn(`alert ${event.eventId}: the catalogue has no program for ${alert.service}`);
      return;
    }
    const context: CommandContext = { agencyId: alert.agencyId, actor: 'training-service', correlationId: event.correlationId, causationId: event.eventId, now: new Date().toISOString() };
    await this.runner.executeIn(manager, this.decider, commandOf('RecommendTargetedPrograms', recommendation, context), context, { streamId: trainingRecommendationStreamId(alert.alertId), projection });
  }

  list(agencyId: string | null, limit: number): Promise<TrainingRecommendationDto[]> {
    return recommendationsTo(this.dataSource.manager, agencyId, limit);
  }
}
