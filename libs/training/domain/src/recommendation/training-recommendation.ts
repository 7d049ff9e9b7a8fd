import { assertNever, Command, Decider, Decision, Event } from '@palembang/events/core';
import { invalidInput, isAgencyId, isId, rejectionCodes } from '../shared/rules';
import { CataloguedProgram, programsFor } from './programs-for';
import { isPeriod, MEASURED_SERVICES, MeasuredService, ServicePerformanceBelowStandard } from './service-performance';

/** The stream of the recommendation answering one alert. */
export const trainingRecommendationStreamId = (alertId: string): string => `training-recommendation-${alertId}`;

type RecommendationData = { alertId: string; agencyId: string; service: MeasuredService; period: string; programIds: readonly string[] };

export type TargetedProgramsRecommended = Event<'TargetedProgramsRecommended', RecommendationData & { recommendedAt: string }>;
export type TrainingRecommendationEvent = TargetedProgramsRecommended;

/** Recommends programs to an agency whose service fell below its standard. The same alert twice records nothing the second time. */
export type RecommendTargetedPrograms = Command<'RecommendTargetedPrograms', RecommendationData>;
export type TrainingRecommendationCommand = RecommendTargetedPrograms;

export type TrainingRecommendation =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'recommended'; alertId: string; agencyId: string; service: MeasuredService; period: string; programIds: readonly string[]; recommendedAt: string }>;

export const initialTrainingRecommendation = (): TrainingRecommendation => ({ status: 'absent' });

export function evolveTrainingRecommendation(state: TrainingRecommendation, event: TrainingRecommendationEvent): TrainingRecommendation {
  switch (event.type) {
    case 'TargetedProgramsRecommended':
      return state.status === 'absent' ? { status: 'recommended', ...event.data } : state;
    default:
      return assertNever(event.type);
  }
}

/** TRAINING_RECOMMENDATION.INVALID_INPUT 400 (with `field`). */
export const TrainingRecommendationRejectionCodes = rejectionCodes('TRAINING_RECOMMENDATION');
const Codes = TrainingRecommendationRejectionCodes;

export type TrainingRecommendationDecider = Decider<TrainingRecommendationCommand, TrainingRecommendationEvent, TrainingRecommendation>;

/** One recommendation per alert (stream `training-recommendation-<alertId>`): the first decision stands, a redelivered alert adds nothing. */
export function trainingRecommendationDecider(): TrainingRecommendationDecider {
  function decide(command: TrainingRecommendationCommand, state: TrainingRecommendation): Decision<TrainingRecommendationEvent> {
    if (state.status === 'recommended') return [];
    const { alertId, agencyId, service, period, programIds } = command.data;
    const invalid = (field: string, message: string) => invalidInput(Codes, field, message);
    if (!isId(alertId)) return invalid('alertId', 'The alert id is required');
    if (!isAgencyId(agencyId)) return invalid('agencyId', 'The agency is required');
    if (!MEASURED_SERVICES.includes(service)) return invalid('service', `The service must be one of ${MEASURED_SERVICES.join(', ')}`);
    if (!isPeriod(period)) return invalid('period', 'The period must be YYYY-MM');
    if (!Array.isArray(programIds) || programIds.length === 0 || programIds.some((id) => !isId(id))) return invalid('programIds', 'Recommend at least one program');
    return [{ type: 'TargetedProgramsRecommended', data: { alertId, agencyId, service, period, programIds: [...new Set(programIds)], recommendedAt: command.metadata.now } }];
  }

  return { decide, evolve: evolveTrainingRecommendation, initialState: initialTrainingRecommendation };
}

/**
 * Process manager: the command answering an alert, with the catalogue's programs for the service
 * (at most `limit`), or undefined when the catalogue has none.
 */
export function recommendationFor(alert: ServicePerformanceBelowStandard['data'], catalogue: readonly CataloguedProgram[], limit = 5): RecommendTargetedPrograms['data'] | undefined {
  const programIds = programsFor(alert.service, catalogue).slice(0, limit).map((program) => program.programId);
  if (programIds.length === 0) return undefined;
  return { alertId: alert.alertId, agencyId: alert.agencyId, service: alert.service, period: alert.period, programIds };
}
