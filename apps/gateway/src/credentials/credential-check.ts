import { Inject, Injectable } from '@nestjs/common';
import { platformMetrics } from '@palembang/platform';
import { correlationIdOf, type HttpRequest } from '@palembang/http';
import { Counter } from 'prom-client';
import { LoginThrottle } from './login-throttle';
import { LoginApi, LoginFailureLog } from './login-failure.log';

/** How a login went; a throttled one was refused before its secret was looked at. */
export type LoginOutcome<T> = { outcome: 'accepted'; holder: T } | { outcome: 'refused' } | { outcome: 'throttled'; retryAfterSeconds: number };

const ATTEMPTS_METRIC = 'gateway_login_attempts_total';

/**
 * The one way the gateway checks a presented secret (/oauth/token, Open311
 * api_key, xAPI Basic): the failure limits first (per claimed client id and
 * per caller address, see LoginThrottle), then the check, then failures
 * audited and counted. The caller's address is `request.ip`, which honours
 * X-Forwarded-For only from GATEWAY_TRUSTED_PROXIES.
 */
@Injectable()
export class CredentialCheck {
  private readonly throttle = new LoginThrottle();
  private readonly attempts = loginAttemptsCounter();

  constructor(@Inject(LoginFailureLog) private readonly failures: LoginFailureLog) {}

  async verify<T>(request: HttpRequest, api: LoginApi, clientId: string, check: () => Promise<T | undefined>): Promise<LoginOutcome<T>> {
    const attempt = { clientId, address: request.ip ?? request.socket.remoteAddress ?? 'unknown' };
    const failed = (outcome: 'refused' | 'throttled') => {
      this.attempts.inc({ api, outcome });
      this.failures.record({ occurredAt: new Date(), api, ...attempt, outcome, correlationId: correlationIdOf(request) });
    };
    const decision = this.throttle.begin(attempt);
    if (!decision.allowed) {
      failed('throttled');
      return { outcome: 'throttled', retryAfterSeconds: decision.retryAfterSeconds };
    }
    const holder = await check();
    if (holder === undefined) {
      failed('refused');
      return { outcome: 'refused' };
    }
    this.throttle.succeeded(attempt);
    this.attempts.inc({ api, outcome: 'accepted' });
    return { outcome: 'accepted', holder };
  }
}

/** Logins by API and outcome: accepted and refused ones had their secret checked, throttled ones did not. */
function loginAttemptsCounter(): Counter<'api' | 'outcome'> {
  const registry = platformMetrics().registry;
  const existing = registry.getSingleMetric(ATTEMPTS_METRIC) as Counter<'api' | 'outcome'> | undefined;
  return existing ?? new Counter({ name: ATTEMPTS_METRIC, help: 'Logins at the token endpoint, Open311 and xAPI by outcome: accepted, refused (secret checked, wrong), throttled (refused before any check)', labelNames: ['api', 'outcome'], registers: [registry] });
}
