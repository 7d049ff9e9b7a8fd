import 'reflect-metadata';
import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigurationError, readServiceConfig, ServiceConfig } from './service-config';

/**
 * Starts a service: configuration checked first (a missing variable is named
 * and the process exits non-zero), then the Nest application with OpenAPI
 * docs and shutdown hooks so SIGTERM drains it.
 */
export async function bootstrapService(serviceName: string, createModule: (config: ServiceConfig) => Type<unknown> | import('@nestjs/common').DynamicModule): Promise<INestApplication> {
  let config: ServiceConfig;
  try {
    config = readServiceConfig(serviceName);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(JSON.stringify({ level: 'fatal', service: serviceName, message: `invalid configuration: ${error.message}` }));
      process.exit(78);
    }
    throw error;
  }
  const app = await NestFactory.create(createModule(config), { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(`Palembang ${serviceName} service`).setVersion('1').build());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.listen(config.port, process.env.HOST ?? '127.0.0.1');
  console.log(JSON.stringify({ level: 'info', service: serviceName, message: `listening on port ${config.port}` }));
  return app;
}
