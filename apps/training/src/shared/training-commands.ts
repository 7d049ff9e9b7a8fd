import { commandMetadataOf, CommandContext } from '@palembang/platform';
import { TrainingCommandOf, TrainingCommandType } from '@palembang/training-domain';

/** A training command of that type with its data, typed as the decider expects it. */
export function commandOf<T extends TrainingCommandType>(type: T, data: TrainingCommandOf<T>['data'], context: CommandContext): TrainingCommandOf<T> {
  return { type, data, metadata: commandMetadataOf(context) } as TrainingCommandOf<T>;
}
