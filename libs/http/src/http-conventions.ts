import { INestApplication } from '@nestjs/common';
import { correlateRequest } from './correlation-id.middleware';
import { bytesOf, fastifyOf, parseBodies } from './fastify-http';
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

/**
 * The platform's HTTP conventions, applied the same way by every service, on the Fastify application
 * (createHttpAdapter) before it starts: the routes' body limits are set as they are registered.
 */
export function applyHttpConventions(app: INestApplication, options: HttpConventionsOptions = {}): void {
  const fastify = fastifyOf(app);
  parseBodies(app, bytesOf(options.bodyLimit ?? '64kb'));
  fastify.addHook('onRequest', correlateRequest);
  fastify.addHook('preValidation', async (request) => refuseNulCharacters(request));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  if (options.idempotency) app.useGlobalInterceptors(app.get(IdempotencyInterceptor));
}
