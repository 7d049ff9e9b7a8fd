import 'reflect-metadata';
import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME, KNOWN_SCOPES, OAUTH2_SCHEME } from '@palembang/auth';
import { applyHttpConventions } from '@palembang/http';
import { ConfigurationError, readServiceConfig, ServiceConfig } from './service-config';

/**
 * Starts a service: configuration checked first (a missing variable is named
 * and the process exits non-zero), then the Nest application with OpenAPI
 * docs and shutdown hooks so SIGTERM drains it.
 */
export interface BootstrapOptions {
  /** Adds what only this service documents (the gateway's client authentication, say). */
  document?: (builder: DocumentBuilder) => DocumentBuilder;
}

export async function bootstrapService(
  serviceName: string,
  createModule: (config: ServiceConfig) => Type<unknown> | DynamicModule,
  options: BootstrapOptions = {},
): Promise<INestApplication> {
  try {
    return await startApplication(serviceName, createModule, options);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(JSON.stringify({ level: 'fatal', service: serviceName, message: `invalid configuration: ${error.message}` }));
    process.exit(78);
  }
}

async function startApplication(serviceName: string, createModule: (config: ServiceConfig) => Type<unknown> | DynamicModule, options: BootstrapOptions): Promise<INestApplication> {
  const config = readServiceConfig(serviceName);
  const app = await NestFactory.create(createModule(config), { logger: ['error', 'warn', 'log'], bodyParser: false });
  applyHttpConventions(app, { idempotency: true });
  const builder = documentBuilder(serviceName, config);
  const document = SwaggerModule.createDocument(app, (options.document?.(builder) ?? builder).build());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.listen(config.port, process.env.HOST ?? '127.0.0.1');
  console.log(JSON.stringify({ level: 'info', service: serviceName, message: `listening on port ${config.port}` }));
  stopGracefullyOnSignals(app, serviceName);
  return app;
}

/** Every service takes the gateway's tokens, so every document names the same security schemes. */
function documentBuilder(serviceName: string, config: ServiceConfig): DocumentBuilder {
  const issuer = process.env.GATEWAY_URL ?? process.env.GATEWAY_ISSUER ?? `http://127.0.0.1:${config.port}`;
  const scopes = Object.fromEntries(KNOWN_SCOPES.map((scope) => [scope, `the ${scope} capability`]));
  return new DocumentBuilder()
    .setTitle(`Palembang ${serviceName} service`)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /oauth/token' }, BEARER_SCHEME)
    .addOAuth2({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${issuer.replace(/\/+$/, '')}/oauth/token`, scopes } } }, OAUTH2_SCHEME);
}

/** SIGTERM or Ctrl-C: stop accepting, let in-flight work and the shutdown hooks finish, exit 0. */
function stopGracefullyOnSignals(app: INestApplication, serviceName: string): void {
  const stop = (signal: NodeJS.Signals) => {
    console.log(JSON.stringify({ level: 'info', service: serviceName, message: `${signal}: shutting down` }));
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(JSON.stringify({ level: 'error', service: serviceName, message: `shutdown failed: ${String(error)}` }));
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
