import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ApiExtension, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { ConsumerState, kafkaReachable } from '@palembang/events';
import { DataSource } from 'typeorm';
import { ConsumingService } from './consuming-service';
import { SERVICE_CONFIG } from './tokens';
import { kafkaConnectionOf, ServiceConfig } from './service-config';

type Status = 'up' | 'down';
type Checks = { database: Status; kafka: Status; consumers: Record<string, ConsumerState> };
export type ReadinessBody = { status: Status; service: string; checks: Checks };

/**
 * A consumer that lost its membership (reconnecting) or stopped makes the service not
 * ready: its read model has stopped following. One still joining does not: at start-up
 * it may wait for Kafka or for a topic another service creates, and the HTTP API can
 * serve meanwhile (Kafka itself being down fails the kafka check anyway).
 */
const NOT_READY_STATES: ReadonlySet<ConsumerState> = new Set(['reconnecting', 'stopped']);

/**
 * What the health controller needs: terminus's check runner, without its own
 * log line per failed probe (the kubelet asks every 10 s; the metrics count the 503s).
 */
export const HEALTH_CHECKS = TerminusModule.forRoot({ logger: false });

/**
 * Kubernetes probes: live = the process answers; ready = its database and Kafka answer and its consumers have not lost Kafka.
 * The checks run as @nestjs/terminus indicators; the answer keeps the platform's own body
 * ({status: up|down, service, checks}), which the probes, dashboards and tests read. While the
 * application shuts down terminus says so, and readiness is 503 from then on.
 */
@ApiTags('health')
// Public (x-agency-rule, see the gateway's agency rules): a probe answers without a credential and names no one.
@ApiExtension('x-agency-rule', 'public')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(ModulesContainer) private readonly modules: ModulesContainer,
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is running' })
  live() {
    return { status: 'up', service: this.config.serviceName };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The service can reach its database and Kafka, and none of its consumers lost Kafka or stopped' })
  async ready(): Promise<ReadinessBody> {
    const result = await this.health.check([() => this.database(), () => this.kafka(), () => this.consumers()]).catch(resultOfFailedCheck);
    const consumers = result.details.consumers as unknown as { states: Record<string, ConsumerState> };
    const checks: Checks = { database: result.details.database.status, kafka: result.details.kafka.status, consumers: consumers.states };
    const body: ReadinessBody = { status: result.status === 'ok' ? 'up' : 'down', service: this.config.serviceName, checks };
    if (body.status === 'down') throw new ServiceUnavailableException(body);
    return body;
  }

  private async database(): Promise<HealthIndicatorResult<'database'>> {
    const check = this.indicators.check('database');
    try {
      await this.dataSource.query('SELECT 1');
      return check.up();
    } catch {
      return check.down();
    }
  }

  private async kafka(): Promise<HealthIndicatorResult<'kafka'>> {
    const check = this.indicators.check('kafka');
    return (await kafkaReachable(kafkaConnectionOf(this.config, 'health'))) ? check.up() : check.down();
  }

  private consumers(): HealthIndicatorResult<'consumers'> {
    const check = this.indicators.check('consumers');
    const states = this.consumerStates();
    return Object.values(states).some((state) => NOT_READY_STATES.has(state)) ? check.down({ states }) : check.up({ states });
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
}

/** Terminus answers a failed check (or one during shutdown) with a 503 carrying its result. */
function resultOfFailedCheck(error: unknown): HealthCheckResult {
  if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
  throw error;
}
