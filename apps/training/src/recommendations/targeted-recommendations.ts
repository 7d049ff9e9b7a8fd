import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEnvelope } from '@palembang/events';
import {
  BKPSDM_AGENCY, CataloguedProgram, CompetencyArea, recommendationFor, ServicePerformanceBelowStandard, servicePerformanceProblem, trainingRecommendationDecider, trainingRecommendationStreamId,
} from '@palembang/training-domain';
import { EntityManager } from 'typeorm';
import { TrainingStore } from '../shared/training-store';

/**
 * Process manager: an agency's service below its standard gets targeted programs from the active
 * catalogue (RecommendTargetedPrograms), on a stream named by the alert, so one alert is one
 * recommendation whichever event or instance delivers it.
 */
@Injectable()
export class TargetedRecommendations {
  private readonly logger = new Logger(TargetedRecommendations.name);
  private readonly decider = trainingRecommendationDecider();

  constructor(@Inject(TrainingStore) private readonly store: TrainingStore) {}

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
    const rows: Array<{ program_id: string; competency_area: CompetencyArea }> = await manager.query(
      `SELECT program_id, competency_area FROM training_programs WHERE status = 'active' ORDER BY created_at, program_id`,
    );
    const catalogue: CataloguedProgram[] = rows.map((row) => ({ programId: row.program_id, competencyArea: row.competency_area }));
    const command = recommendationFor(alert, catalogue);
    if (!command) {
      this.logger.warn(`alert ${event.eventId}: the catalogue has no program for ${alert.service}`);
      return;
    }
    const now = new Date().toISOString();
    await this.store.executeIn(manager, this.decider, trainingRecommendationStreamId(alert.alertId), {
      type: 'RecommendTargetedPrograms',
      data: command,
      metadata: { now, agencyId: BKPSDM_AGENCY, actor: 'training-service', correlationId: event.correlationId },
    }, { agencyId: alert.agencyId, actor: 'training-service', correlationId: event.correlationId, causationId: event.eventId, now });
  }
}
