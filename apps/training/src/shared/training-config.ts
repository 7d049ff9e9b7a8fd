import { ConfigurationError, GatewayAuthConfig, readGatewayAuthConfig } from '@palembang/platform';
import { DEFAULT_YEAR_CLOSING, parseYearClosing, YearClosing } from '@palembang/training-domain';

export const TRAINING_CONFIG = Symbol('TRAINING_CONFIG');

/** Every setting of the training service, read from the environment here and nowhere else. */
export type TrainingConfig = Readonly<{
  /** GATEWAY_URL / GATEWAY_ISSUER: how the gateway's tokens are verified. */
  auth: GatewayAuthConfig;
  /** The authority of stored xAPI statements: the LMS client, as an account of the platform's token issuer. */
  xapiAuthorityHomePage: string;
  /** TRAINING_YEAR_CLOSES_ON (MM-DD, default 01-31): the day of the following year after which a year's JP can no longer be credited. */
  yearClosing: YearClosing;
}>;

/** The training service's settings; a missing or bad one stops the start (ConfigurationError, exit 78) instead of crediting closed years. */
export function readTrainingConfig(env: NodeJS.ProcessEnv = process.env): TrainingConfig {
  const auth = readGatewayAuthConfig(env);
  return { auth, xapiAuthorityHomePage: auth.issuer.replace(/\/+$/, ''), yearClosing: yearClosingOf(env.TRAINING_YEAR_CLOSES_ON) };
}

function yearClosingOf(value: string | undefined): YearClosing {
  const text = value?.trim();
  if (!text) return DEFAULT_YEAR_CLOSING;
  const yearClosing = parseYearClosing(text);
  if (!yearClosing) throw new ConfigurationError(`TRAINING_YEAR_CLOSES_ON must be a day every year has, as MM-DD (e.g. 01-31), not "${text}"`);
  return yearClosing;
}
