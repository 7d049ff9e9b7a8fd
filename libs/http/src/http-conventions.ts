import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { correlationIdMiddleware } from './correlation-id.middleware';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { refuseNulCharacters } from './nul-characters.middleware';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';

export interface HttpConventionsOptions {
  /** Largest accepted request body; larger ones get 413. */
  bodyLimit?: string;
  /** Needs the idempotency migration in the service's database. */
  idempotency?: boolean;
}

/** The platform's HTTP conventions, applied the same way by every service. */
export function applyHttpConventions(app: INestApplication, options: HttpConventionsOptions = {}): void {
  const express = app as NestExpressApplication;
  const limit = options.bodyLimit ?? '64kb';
  // Not strict: any JSON text is a JSON body (RFC 8259), `null` and `5` included. An xAPI document PUT may be
  // any JSON; a route taking a DTO answers a scalar with the DTO's field errors (the validation pipe reads it as {}).
  express.useBodyParser('json', { limit, strict: false });
  express.useBodyParser('urlencoded', { limit, extended: false });
  app.use(refuseNulCharacters);
  app.use(correlationIdMiddleware);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  if (options.idempotency) app.useGlobalInterceptors(app.get(IdempotencyInterceptor));
}
