import 'reflect-metadata';
import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME, KNOWN_SCOPES, OAUTH2_SCHEME } from '@palembang/auth';
import { observeEventConsumers } from '@palembang/events';
import { answerMethodNotAllowed, applyHttpConventions, createHttpAdapter, documentTheSharedHttpSide, fastifyOf, securityHeaders } from '@palembang/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { describeLegacyKeying, KEY_LEGACY_STREAMS_FLAG, keyLegacyEventStreams, readEventChainKeys } from './event-chain';
import { describeError, ServiceLogger } from './logging';
import { closeServer, httpMetricsHook, platformMetrics, startMetricsServer } from './metrics';
import { DEFAULT_MIGRATE_WAIT_SECONDS, runMigrations, SchemaNotMigratedError, serviceMigrationsOf } from './migrations';
import { ConfigurationError, DEFAULT_HOST, readServiceConfig, ServiceConfig } from './service-config';

/**
 * The whole shutdown must end within the pod's grace period
 * (terminationGracePeriodSeconds 45, of which preStop sleeps 5).
 */
export const SHUTDOWN_DEADLINE_MS = 35_000;

/** Exit statuses: 78 bad configuration (EX_CONFIG), 75 schema behind the code (EX_TEMPFAIL: run the migrate command), 65 streams the keying step refused (EX_DATAERR), 64 bad usage. */
export const EXIT = { failure: 1, usage: 64, dataRefused: 65, schemaNotMigrated: 75, configuration: 78 } as const;

export interface BootstrapOptions {
  /** Adds what only this service documents (the gateway's client authentication, say). */
  document?: (builder: DocumentBuilder) => DocumentBuilder;
  /** Adds operations no controller of this application declares (the services' operations the gateway publishes). */
  extendDocument?: (document: OpenAPIObject) => OpenAPIObject;
  /** Commands of this service beyond migrate and openapi (`node main.js seed-history`, say): each resolves to the exit status. */
  commands?: Readonly<Record<string, (config: ServiceConfig, args: readonly string[]) => Promise<number>>>;
}

type CreateModule = (config: ServiceConfig) => Type<unknown> | DynamicModule;

/**
 * A service's entry point. `node main.js` starts it: configuration checked
 * first (a missing variable is named, exit 78), the schema checked to be
 * current (exit 75 otherwise, unless MIGRATIONS=run), then the Nest
 * application with OpenAPI docs, JSON logs, metrics and graceful shutdown.
 * `node main.js migrate` applies the service's migrations and exits 0;
 * `node main.js migrate --key-legacy-streams` then also keys the event streams
 * stored before the chain was keyed (the one-off step after that upgrade), and
 * exits 65 if it left any unkeyed stream (broken, or the database keyed already).
 * `node main.js openapi` writes the service's OpenAPI document to stdout and exits 0,
 * touching neither database nor Kafka (the gateway's route table is built from it).
 */
export async function bootstrapService(serviceName: string, createModule: CreateModule, options: BootstrapOptions = {}): Promise<INestApplication> {
  const logger = new ServiceLogger(serviceName);
  logProcessEventsAsJson(logger);
  const [command, ...rest] = process.argv.slice(2);
  try {
    const keyLegacy = rest.length === 1 && rest[0] === KEY_LEGACY_STREAMS_FLAG;
    if (command === 'migrate' && (rest.length === 0 || keyLegacy)) {
      return process.exit(await migrate(serviceName, createModule, logger, keyLegacy));
    }
    if (command === 'openapi' && rest.length === 0) {
      process.stdout.write(`${JSON.stringify(await describeService(serviceName, createModule, options))}\n`);
      return process.exit(0);
    }
    const own = command !== undefined && options.commands && Object.hasOwn(options.commands, command) ? options.commands[command] : undefined;
    if (own) return process.exit(await own(readServiceConfig(serviceName), rest));
    if (command !== undefined) {
      logger.fatal(`unknown command "${[command, ...rest].join(' ')}"; usage: node main.js [migrate [${KEY_LEGACY_STREAMS_FLAG}] | openapi]`, 'Bootstrap');
      return process.exit(EXIT.usage);
    }
    return await startApplication(serviceName, createModule, options, logger);
  } catch (error) {
    logger.fatal(failureMessage(command, error), 'Bootstrap');
    return process.exit(exitStatusOf(error));
  }
}

/** Node's own output (warnings, a crash) as JSON lines too; a crash still exits 1. */
function logProcessEventsAsJson(logger: ServiceLogger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn(`${warning.name}: ${warning.message}`, 'Node'));
  const crash = (kind: string) => (error: unknown) => {
    logger.fatal(`${kind}: ${describeError(error)}`, 'Node');
    process.exit(EXIT.failure);
  };
  process.once('uncaughtException', crash('uncaught exception'));
  process.once('unhandledRejection', crash('unhandled rejection'));
}

function failureMessage(command: string | undefined, error: unknown): string {
  if (error instanceof ConfigurationError) return `invalid configuration: ${error.message}`;
  if (error instanceof SchemaNotMigratedError) return error.message;
  // Start-up and migration errors come from the database or the network, never from requests: their message helps and holds no personal data.
  const message = error instanceof Error ? `${describeError(error).split(' at ')[0]}: ${error.message}` : String(error);
  return `${command === 'migrate' ? 'migrations failed' : 'start-up failed'}: ${message.replace(/\s+/g, ' ')}`;
}

function exitStatusOf(error: unknown): number {
  if (error instanceof ConfigurationError) return EXIT.configuration;
  if (error instanceof SchemaNotMigratedError) return EXIT.schemaNotMigrated;
  return EXIT.failure;
}

/** MIGRATE_WAIT_SECONDS (0-600, default 60): how long the migrate command waits for an unreachable database. */
function readMigrateWaitSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.MIGRATE_WAIT_SECONDS?.trim();
  if (!text) return DEFAULT_MIGRATE_WAIT_SECONDS;
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 600) throw new ConfigurationError('MIGRATE_WAIT_SECONDS must be a whole number of seconds from 0 to 600');
  return seconds;
}

/** Builds the service's module only to find its migrations (PlatformModule.forService); nothing is started. */
async function migrate(serviceName: string, createModule: CreateModule, logger: ServiceLogger, keyLegacy: boolean): Promise<number> {
  const config = readServiceConfig(serviceName);
  const chainKeys = keyLegacy ? readEventChainKeys() : undefined;
  const migrations = serviceMigrationsOf(createModule(config));
  if (!migrations) throw new Error(`the ${serviceName} module imports no PlatformModule.forService, so it has no migrations`);
  const { applied, total } = await runMigrations(config.databaseUrl, migrations, `${serviceName}-migrate`, readMigrateWaitSeconds() * 1000);
  logger.log(`migrations complete: ${applied.length} applied${applied.length ? ` (${applied.join(', ')})` : ''}, ${total} in all`, 'Migrate');
  if (!chainKeys) return 0;
  const { keyed, refused } = describeLegacyKeying(await keyLegacyEventStreams(config.databaseUrl, chainKeys, `${serviceName}-migrate`));
  logger.log(keyed, 'Migrate');
  for (const line of refused) logger.error(line, 'Migrate');
  return refused.length ? EXIT.dataRefused : 0;
}

/**
 * The service's document without starting it: Nest's preview mode builds the module graph
 * and its routes but instantiates no provider, so nothing connects to PostgreSQL or Kafka.
 */
export async function describeService(serviceName: string, createModule: CreateModule, options: BootstrapOptions = {}): Promise<OpenAPIObject> {
  const config = readServiceConfig(serviceName);
  const app = await NestFactory.create(createModule(config), createHttpAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    return documentOf(app, serviceName, config, options);
  } finally {
    await app.close();
  }
}

async function startApplication(serviceName: string, createModule: CreateModule, options: BootstrapOptions, logger: ServiceLogger): Promise<INestApplication> {
  const config = readServiceConfig(serviceName);
  const metrics = platformMetrics();
  observeEventConsumers((consumer) => metrics.consumerObserver(consumer));
  // abortOnError false: a failing provider (a missing key, an unmigrated schema) reaches the catch above, which names it and exits.
  const app = await NestFactory.create(createModule(config), createHttpAdapter(), { logger, bodyParser: false, abortOnError: false });
  const drain = new DrainingResponses();
  fastifyOf(app).addHook('onResponse', httpMetricsHook(metrics));
  fastifyOf(app).addHook('onRequest', drain.hook);
  serveHttp(app, serviceName, config, options);
  const host = config.host ?? DEFAULT_HOST;
  await app.listen(config.port, host);
  const metricsServer = config.metricsPort ? await startMetricsServer(metrics, config.metricsPort, host) : undefined;
  logger.log(`listening on port ${config.port}${metricsServer ? `, metrics on port ${config.metricsPort}` : ''}`, 'Bootstrap');
  stopGracefullyOnSignals(app, drain, metricsServer, logger);
  return app;
}

/**
 * The HTTP side every service and the gateway share, on Fastify (createHttpAdapter):
 * security headers on every answer, the platform's conventions, 405 with Allow for a
 * method no route of a known path takes, and the OpenAPI document
 * at /docs-json, which integrators generate clients from. The Swagger UI at /docs
 * is served only with API_DOCS=on (npm start turns it on): it is a page that runs
 * scripts against the API, which a deployment has no need to offer.
 */
export function serveHttp(app: INestApplication, serviceName: string, config: ServiceConfig, options: BootstrapOptions = {}): void {
  const fastify = fastifyOf(app);
  fastify.addHook('onRequest', securityHeaders);
  applyHttpConventions(app, { idempotency: true });
  answerMethodNotAllowed(fastify);
  const document = documentOf(app, serviceName, config, options);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', ui: config.apiDocs === true, raw: ['json'] });
}

function documentOf(app: INestApplication, serviceName: string, config: ServiceConfig, options: BootstrapOptions): OpenAPIObject {
  const builder = documentBuilder(serviceName, config);
  const own = SwaggerModule.createDocument(app, (options.document?.(builder) ?? builder).build());
  return documentTheSharedHttpSide(options.extendDocument?.(own) ?? own);
}

/** Every service takes the gateway's tokens, so every document names the same security schemes. */
function documentBuilder(serviceName: string, config: ServiceConfig): DocumentBuilder {
  const issuer = config.tokenIssuerUrl ?? `http://${DEFAULT_HOST}:${config.port}`;
  const scopes = Object.fromEntries(KNOWN_SCOPES.map((scope) => [scope, `the ${scope} capability`]));
  return new DocumentBuilder()
    .setTitle(`Palembang ${serviceName} service`)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /oauth/token' }, BEARER_SCHEME)
    .addOAuth2({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${issuer.replace(/\/+$/, '')}/oauth/token`, scopes } } }, OAUTH2_SCHEME);
}

/**
 * Tracks the responses in flight so that, once draining, each is sent with
 * `Connection: close`: a keep-alive client then opens no new request on a
 * connection that is about to close.
 */
class DrainingResponses {
  private draining = false;
  private readonly inFlight = new Set<ServerResponse>();

  readonly hook = (_request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const response = reply.raw;
    if (this.draining) response.setHeader('Connection', 'close');
    this.inFlight.add(response);
    response.once('close', () => this.inFlight.delete(response));
    done();
  };

  start(): void {
    this.draining = true;
    for (const response of this.inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
  }
}

/**
 * SIGTERM or Ctrl-C, within SHUTDOWN_DEADLINE_MS: stop accepting connections
 * and finish the requests in flight; then Nest's shutdown: consumers finish
 * their batch and commit offsets, the deadline sweeps stop, the relay drains
 * the outbox, the database closes. Exit 0, or 1 past the deadline.
 */
function stopGracefullyOnSignals(app: INestApplication, drain: DrainingResponses, metricsServer: Server | undefined, logger: ServiceLogger): void {
  const stop = async (signal: NodeJS.Signals) => {
    logger.log(`${signal}: draining`, 'Shutdown');
    const deadline = setTimeout(() => {
      logger.fatal(`shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`, 'Shutdown');
      process.exit(EXIT.failure);
    }, SHUTDOWN_DEADLINE_MS);
    try {
      drain.start();
      await closeHttpServer(app.getHttpServer() as Server);
      await app.close();
      if (metricsServer) await closeServer(metricsServer);
      clearTimeout(deadline);
      logger.log('stopped', 'Shutdown');
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${describeError(error)}`, 'Shutdown');
      process.exit(EXIT.failure);
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

/** After draining starts, connections that stay idle this long are closed (a client that sends on one in time is answered). */
const IDLE_CONNECTION_GRACE_MS = 1_000;

/**
 * Stops accepting connections and resolves once every connection has ended.
 * Unlike http.Server's, net.Server's close does not drop idle keep-alive
 * connections at once: a client may be writing its next request on one at
 * that very moment and would see a reset. Each is answered once more, with
 * `Connection: close`; those still idle after a short grace are closed.
 */
function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    let sweep: NodeJS.Timeout | undefined;
    const grace = setTimeout(() => {
      server.closeIdleConnections();
      sweep = setInterval(() => server.closeIdleConnections(), 100);
    }, IDLE_CONNECTION_GRACE_MS);
    NetServer.prototype.close.call(server, () => {
      clearTimeout(grace);
      clearInterval(sweep);
      resolve();
    });
  });
}
