import { ConsoleLogger, LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log'];

/**
 * One JSON object per line on stdout/stderr, each naming the service, for the
 * log collector. What is logged must never hold personal data: log names,
 * codes, counts and route patterns, never request bodies, ids from paths or
 * error messages that may quote them (see describeError).
 */
export class ServiceLogger extends ConsoleLogger {
  constructor(private readonly serviceName: string) {
    super({ json: true, colors: false, logLevels: LEVELS });
  }

  protected override getJsonLogObject(message: unknown, options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown }) {
    return { ...super.getJsonLogObject(message, options), service: this.serviceName };
  }
}

/**
 * Names an error and where it came from, but not its message: messages can
 * quote request data or rows, and personal data must never reach the logs.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'non-error thrown';
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at ')).slice(0, 3).map((line) => line.trim());
  return [`${error.name}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}`, ...frames].join(' ');
}
