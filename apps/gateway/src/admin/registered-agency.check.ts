import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PALEMBANG_AGENCIES } from '@palembang/events/core';
import { problem, ProblemException, serviceUnavailable } from '@palembang/http';
import { Agent, request } from 'undici';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';

/** How long the gateway waits for the register before judging by the published seed. */
const REGISTER_TIMEOUT_MS = 3_000;
const SEEDED = new Set(PALEMBANG_AGENCIES.map((agency) => agency.agencyId));

export function agencyNotRegistered(agencyId: string): ProblemException {
  return new ProblemException(problem(422, {
    code: 'AGENCY.NOT_REGISTERED',
    detail: `The agency register holds no active agency ${agencyId}`,
    errors: [{ field: 'agencyId', message: `${agencyId} is not an active agency of the register (GET /v1/agencies)` }],
  }));
}

/**
 * Whether a client may be registered for an agency: the gateway asks the accountability service, which
 * keeps the register (GET /v1/agencies/{id}, with the admin's own token; the gateway keeps no copy and
 * reads no Kafka). When the register cannot be read (the service down or slow), an agency of the
 * published Palembang seed is accepted (logged) and any other is a 503: an outage never refuses a
 * registered agency, and at worst admits a seed agency retired meanwhile.
 */
@Injectable()
export class RegisteredAgencyCheck implements OnApplicationShutdown {
  private readonly logger = new Logger('RegisteredAgencyCheck');
  private readonly connections = new Agent({ keepAliveTimeout: 4_000 });
  private readonly registerUrl: string;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.registerUrl = `${config.accountabilityUrl}/v1/agencies/`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connections.close();
  }

  async requireRegistered(agencyId: string, authorization: string | undefined): Promise<void> {
    const status = await this.statusOf(agencyId, authorization);
    if (status === 'active') return;
    if (status === 'retired' || status === 'absent') throw agencyNotRegistered(agencyId);
    if (SEEDED.has(agencyId)) {
      this.logger.warn(`the agency register could not be read (${status}); ${agencyId} accepted as an agency of the published seed`);
      return;
    }
    throw serviceUnavailable('The agency register cannot be read now; retry later.');
  }

  /** active, retired or absent as the register says; otherwise why it could not be read. */
  private async statusOf(agencyId: string, authorization: string | undefined): Promise<string> {
    try {
      const answer = await request(this.registerUrl + encodeURIComponent(agencyId), {
        headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
        dispatcher: this.connections,
        signal: AbortSignal.timeout(REGISTER_TIMEOUT_MS),
      });
      const body = (await answer.body.json().catch(() => ({}))) as { status?: unknown };
      if (answer.statusCode === 404) return 'absent';
      if (answer.statusCode === 200 && (body.status === 'active' || body.status === 'retired')) return body.status;
      return `status ${answer.statusCode}`;
    } catch (error) {
      return error instanceof Error ? error.name : 'no answer';
    }
  }
}
