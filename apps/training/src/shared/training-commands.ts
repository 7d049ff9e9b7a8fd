import { CommandMetadata } from '@palembang/events/core';
import { CommandContext } from '@palembang/platform';
import { TrainingCommandOf, TrainingCommandType } from '@palembang/training-domain';

/** What a decider learns of a command's context: when, for which agency (and whether for all), who and why. */
export function metadataOf(context: CommandContext): CommandMetadata {
  return { now: context.now, agencyId: context.agencyId, allAgencies: context.allAgencies === true, actor: context.actor, correlationId: context.correlationId };
}

/** A training command of that type with its data, typed as the decider expects it. */
export function commandOf<T extends TrainingCommandType>(type: T, data: TrainingCommandOf<T>['data'], context: CommandContext): TrainingCommandOf<T> {
  return { type, data, metadata: metadataOf(context) } as TrainingCommandOf<T>;
}
