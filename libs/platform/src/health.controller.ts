import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ApiExtension, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsumerState, kafkaReachable } from '@palembang/events';
import { DataSource } from 'typeorm';
import { ConsumingService } from './consuming-service';
import { SERVICE_CONFIG } from './tokens';
import { kafkaConnectionOf, ServiceConfig } from './service-config';

type Checks = { database: 'up' | 'down'; kafka: 'up' | 'down'; consumers: Record<string, ConsumerState> };

/**
 * A consumer that lost its membership (reconnecting) or stopped makes the service not
 * ready: its read model has stopped following. One still joining does not: at start-up
 * it may wait for Kafka or for a topic another service creates, and the HTTP API can
 * serve meanwhile (Kafka itself being down fails the kafka check anyway).
 */
const NOT_READY_STATES: ReadonlySet<ConsumerState> = new Set(['reconnecting', 'stopped']);

/** Kubernetes probes: live = the process answers; ready = its database and Kafka answer and its consumers have not lost Kafka. */
@ApiTags('health')
// Public (x-agency-rule, see the gateway's agency rules): a probe answers without a credential and names no one.
@ApiExtension('x-agency-rule', 'public')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(ModulesContainer) private readonly modules: ModulesContainer,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is running' })
  live() {
    return { status: 'up', service: this.config.serviceName };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The service can reach its database and Kafka, and none of its consumers lost Kafka or stopped' })
  async ready() {
    const checks: Checks = {
      database: (await this.databaseUp()) ? 'up' : 'down',
      kafka: (await kafkaReachable(kafkaConnectionOf(this.config, 'health'))) ? 'up' : 'down',
      consumers: this.consumerStates(),
    };
    const ready = checks.database === 'up' && checks.kafka === 'up' && Object.values(checks.consumers).every((state) => !NOT_READY_STATES.has(state));
    const body = { status: ready ? 'up' : 'down', service: this.config.serviceName, checks };
    if (!ready) throw new ServiceUnavailableException(body);
    return body;
  }

  /** The state of every ConsumingService in the application, by consumer name. */
  private consumerStates(): Record<string, ConsumerState> {
    const states: Record<string, ConsumerState> = {};
    for (const module of this.modules.values()) {
      for (const provider of module.providers.values()) {
        if (provider.instance instanceof ConsumingService) {
          const { name, state } = provider.instance.consumerStatus();
          states[name] = state;
        }
      }
    }
    return states;
  }

  private async databaseUp(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
