import { HttpAdapterHost } from '@nestjs/core';
import { BEARER_SCHEME, KNOWN_SCOPES, OAUTH2_SCHEME } from '@palembang/auth';
import type { NextFunction, Request, Response } from 'express';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { CLIENT_BASIC_SCHEME } from '../oauth/token.controller';

/** The security schemes of the gateway's OpenAPI document. */
export function securitySchemes(tokenUrl: string) {
  return {
    [BEARER_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /oauth/token' },
    [OAUTH2_SCHEME]: {
      type: 'oauth2',
      flows: { clientCredentials: { tokenUrl, scopes: Object.fromEntries(KNOWN_SCOPES.map((scope) => [scope, `the ${scope} capability`])) } },
    },
    [CLIENT_BASIC_SCHEME]: { type: 'http', scheme: 'basic', description: 'Client authentication at the token endpoint: client id and secret' },
  };
}

export const DOCS_SECURITY_SCHEMES = Symbol('DOCS_SECURITY_SCHEMES');

/**
 * Adds the security schemes to `/docs-json`. The shared bootstrap builds the
 * OpenAPI document without them and offers no hook yet, so this provider
 * (created before that document is served) patches the served JSON.
 * TODO: replace with a document hook in bootstrapService (libs/platform).
 */
export const docsSecuritySchemesProvider = {
  provide: DOCS_SECURITY_SCHEMES,
  inject: [HttpAdapterHost, GATEWAY_CONFIG],
  useFactory: (host: HttpAdapterHost, config: GatewayConfig) => {
    host.httpAdapter.use((request: Request, response: Response, next: NextFunction) => {
      if (request.method === 'GET' && request.path === '/docs-json') patchJsonBody(response, `${config.issuer.replace(/\/+$/, '')}/oauth/token`);
      next();
    });
    return true;
  },
};

function patchJsonBody(response: Response, tokenUrl: string): void {
  const send = response.send.bind(response);
  response.send = (body?: unknown) => {
    if (typeof body !== 'string') return send(body);
    try {
      const document = JSON.parse(body) as { components?: Record<string, unknown> };
      document.components = { ...document.components, securitySchemes: securitySchemes(tokenUrl) };
      return send(JSON.stringify(document));
    } catch {
      return send(body);
    }
  };
}
