import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { trustProxies } from '@palembang/http';
import { trustedProxyCheck } from './trusted-proxies';

/**
 * Makes `request.ip` the caller's address: Fastify's `trustProxy` with the
 * configured proxies, so X-Forwarded-For is read only when the peer is one of
 * them, and only as far back as the last address they vouch for. From anyone
 * else it is ignored: one caller cannot pose as many addresses to get around
 * the per-address limits, nor as somebody else to use up their limit.
 */
@Injectable()
export class ClientAddressSetup implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    const isTrusted = trustedProxyCheck(this.config.trustedProxies);
    if (this.adapterHost.httpAdapter) trustProxies(this.adapterHost.httpAdapter, isTrusted);
  }
}
