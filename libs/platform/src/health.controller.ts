import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExtension, ApiOperation, ApiTags } from '@nestjs/swagger';
import { kafkaReachable } from '@palembang/events';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from './tokens';
import { kafkaConnectionOf, ServiceConfig } from './service-config';

type Checks = { database: 'up' | 'down'; kafka: 'up' | 'down' };

/** Kubernetes probes: live = the process answers; ready = its database and Kafka answer. */
@ApiTags('health')
// Public (x-agency-rule, see the gateway's agency rules): a probe answers without a credential and names no one.
@ApiExtension('x-agency-rule', 'public')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is running' })
  live() {
    return { status: 'up', service: this.config.serviceName };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The service can reach its database and Kafka' })
  async ready() {
    const checks: Checks = {
      database: (await this.databaseUp()) ? 'up' : 'down',
      kafka: (await kafkaReachable(kafkaConnectionOf(this.config, 'health'))) ? 'up' : 'down',
    };
    const ready = checks.database === 'up' && checks.kafka === 'up';
    const body = { status: ready ? 'up' : 'down', service: this.config.serviceName, checks };
    if (!ready) throw new ServiceUnavailableException(body);
    return body;
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
