import { ConfigurationError } from '@palembang/platform';
import { DEFAULT_YEAR_CLOSING, parseYearClosing, YearClosing } from '@palembang/training-domain';

export const TRAINING_CONFIG = Symbol('TRAINING_CONFIG');

export type TrainingConfig = Readonly<{
  /** TRAINING_YEAR_CLOSES_ON (MM-DD, default 01-31): the day of the following year after which a year's JP can no longer be credited. */
  yearClosing: YearClosing;
}>;

/** The training service's own settings; a bad one stops the start (exit 78) instead of crediting closed years. */
export function readTrainingConfig(env: NodeJS.ProcessEnv): TrainingConfig {
  const text = env.TRAINING_YEAR_CLOSES_ON?.trim();
  if (!text) return { yearClosing: DEFAULT_YEAR_CLOSING };
  const yearClosing = parseYearClosing(text);
  if (!yearClosing) throw new ConfigurationError(`TRAINING_YEAR_CLOSES_ON must be a day every year has, as MM-DD (e.g. 01-31), not "${text}"`);
  return { yearClosing };
}
