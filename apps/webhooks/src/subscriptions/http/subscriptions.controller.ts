import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, PipeTransform, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule, ApiIdempotencyKey, ApiProblems, ETAG_RESPONSE_HEADER, etagOf, expectedVersionFromIfMatch, IF_MATCH_HEADER, PageQuery, pagingOf, rejectionProblem } from '@palembang/http';
import { Actor, subscriptionNotFound } from '@palembang/webhooks-domain';
import { DEFAULT_ROTATION_OVERLAP_SECONDS, SubscriptionsService } from '../subscriptions.service';
import { CreateWebhookSubscriptionDto, ListDeliveriesQueryDto, RotateSecretDto, UpdateWebhookSubscriptionDto, WebhookDeliveryDto, WebhookDeliveryPageDto, WebhookSecretDto, WebhookSubscriptionDto, WebhookSubscriptionPageDto } from './subscription.dto';
import { ReplyHeaders, setReplyHeader } from './response-headers';

export const WEBHOOKS_READ = 'webhooks:read';
export const WEBHOOKS_WRITE = 'webhooks:write';
const SUBSCRIPTION_PARAMETER = { name: 'subscriptionId', schema: { type: 'string', format: 'uuid' } } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** An id that cannot name a subscription or delivery is simply not found. */
const uuid: PipeTransform<string, string> = {
  transform(value: string): string {
    if (!UUID.test(value)) throw rejectionProblem(subscriptionNotFound());
    return value;
  },
};

function actorOf(principal: AuthPrincipal): Actor {
  return { clientId: principal.clientId, agencyId: principal.agencyId, scopes: principal.scopes };
}

function withEtag(reply: ReplyHeaders, subscription: WebhookSubscriptionDto): WebhookSubscriptionDto {
  setReplyHeader(reply, 'ETag', etagOf(subscription.version));
  return subscription;
}

/** If-Match names a version to hold the write to; `*` (or none) writes whatever the version. */
function versionOf(ifMatch: string | undefined): number | undefined {
  const expected = expectedVersionFromIfMatch(ifMatch);
  return typeof expected === 'number' ? expected : undefined;
}

/**
 * Webhook subscriptions of agency systems: an https endpoint receives the domain events it may
 * read (Standard Webhooks, signed with the subscription's secret), of the client's own agency
 * unless the client holds agencies:all.
 */
@ApiTags('webhooks')
@Controller('v1/webhook-subscriptions')
export class SubscriptionsController {
  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @AgencyRule('own-agency')
  @RequireScopes(WEBHOOKS_WRITE)
  @ApiOperation({ summary: 'Subscribe an https endpoint to event types the client may read; read the signing secret from .../secret' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: WebhookSubscriptionDto, headers: { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER } })
  @ApiProblems(400, 401, 403, 413, 422, 503)
  async create(@Body() body: CreateWebhookSubscriptionDto, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) reply: ReplyHeaders): Promise<WebhookSubscriptionDto> {
    const created = await this.subscriptions.create(actorOf(principal), body, new Date());
    setReplyHeader(reply, 'Location', `/v1/webhook-subscriptions/${created.subscriptionId}`);
    return withEtag(reply, created);
  }

  @Get()
  @AgencyRule('own-agency')
  @RequireScopes(WEBHOOKS_READ)
  @ApiOperation({ summary: "The client's agency's subscriptions (every agency's with agencies:all), newest first" })
  @ApiOkResponse({ type: WebhookSubscriptionPageDto })
  @ApiProblems(400, 401, 403, 503)
  list(@Query() query: PageQuery, @Principal() principal: AuthPrincipal): Promise<WebhookSubscriptionPageDto> {
    const { after, limit } = pagingOf(query);
    return this.subscriptions.list(actorOf(principal), after, limit);
  }

  @Get(':subscriptionId')
  @AgencyRule('own-agency')
  @RequireScopes(WEBHOOKS_READ)
  @ApiOperation({ summary: 'One subscription' })
  @ApiParam(SUBSCRIPTION_PARAMETER)
  @ApiOkResponse({ type: WebhookSubscriptionDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(400, 401, 403, 404, 503)
  async get(@Param('subscriptionId', uuid) id: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) reply: ReplyHeaders): Promise<WebhookSubscriptionDto> {
    return withEtag(reply, await this.subscriptions.get(actorOf(principal), id));
  }

  @Patch(':subscriptionId')
  @AgencyRule('own-agency')
  @RequireScopes(WEBHOOKS_WRITE)
  @ApiOperation({ summary: 'Change the endpoint, event types or description, or disable/enable deliveries' })
  @ApiParam(SUBSCRIPTION_PARAMETER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WebhookSubscriptionDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 503)
  async update(@Param('subscriptionId', uuid) id: string, @Body() body: UpdateWebhookSubscriptionDto, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) reply: ReplyHeaders, @Headers('if-match') ifMatch?: string): Promise<WebhookSubscriptionDto> {
    return withEtag(reply, await this.subscriptions.update(actorOf(principal), id, body, versionOf(ifMatch), new Date()));
  }

  @Delete(':subscriptionId')
  @HttpCode(204)
  @AgencyRule('own-agency')
  @RequireScopes(WEBHOOKS_WRITE)
  @ApiOperation({ summary: 'Delete the subscription: nothing more is delivered; its delivery log stays for the record' })
  @ApiParam(SUBSCRIPTION_PARAMETER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 401, 403, 404, 412, 503)
  async delete(@Param('subscriptionId', uuid) id: string, @Principal() principal: AuthPrincipal, @Headers('if-match') ifMatch?: string): Promise<void> {
    await this.subscriptions.delete(actorOf(principal), id, versionOf(ifMatch), new Date());
  }

  @Get(':subscriptionId/secret')
  @AgencyRule('own-agency')
  @RequireScopes(WEBHOOKS_WRITE)
  @ApiOperation({ summary: 'The signing secret (webhooks:write: whoever may change the endpoint may verify it); never cached' })
  @ApiParam(SUBSCRIPTION_PARAMETER)
  @ApiOkResponse({ type: WebhookSecretDto })
  @ApiProblems(400, 401, 403, 404, 503)
  async secret(@Param('subscriptionId', uuid) id: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) reply: ReplyHeaders): Promise<WebhookSecretDto> {
    setReplyHeader(reply, 'Cache-Control', 'no-store');
    return this.subscriptions.secret(actorOf(principal), id);
  }

  @Post(':subscriptionId/rotate-secret')
  @HttpCode(200)
  @AgencyRule('own-agency')
  @RequireScopes(WEBHOOKS_WRITE)
  @ApiOperation({ summary: 'A new signing secret; deliveries carry signatures of both until the overlap (default a day) ends' })
  @ApiParam(SUBSCRIPTION_PARAMETER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: WebhookSubscriptionDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(400, 401, 403, 404, 412, 413, 422, 503)
  async rotate(@Param('subscriptionId', uuid) id: string, @Body() body: RotateSecretDto, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) reply: ReplyHeaders, @Headers('if-match') ifMatch?: string): Promise<WebhookSubscriptionDto> {
    return withEtag(reply, await this.subscriptions.rotateSecret(actorOf(principal), id, body.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS, versionOf(ifMatch), new Date()));
  }

  @Get(':subscriptionId/deliveries')
  @AgencyRule('own-agency')
  @RequireScopes(WEBHOOKS_READ)
  @ApiOperation({ summary: 'The delivery log, newest first: status, attempts, the last answer or error' })
  @ApiParam(SUBSCRIPTION_PARAMETER)
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblems(400, 401, 403, 404, 503)
  deliveries(@Param('subscriptionId', uuid) id: string, @Query() query: ListDeliveriesQueryDto, @Principal() principal: AuthPrincipal): Promise<WebhookDeliveryPageDto> {
    const { after, limit } = pagingOf(query);
    return this.subscriptions.deliveries(actorOf(principal), id, query.status, after, limit);
  }

  @Post(':subscriptionId/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @AgencyRule('own-agency')
  @RequireScopes(WEBHOOKS_WRITE)
  @ApiOperation({ summary: 'Send a delivery again (the same webhook-id), with a fresh 24 hours of retries' })
  @ApiParam(SUBSCRIPTION_PARAMETER)
  @ApiParam({ name: 'deliveryId', schema: { type: 'string', format: 'uuid' } })
  @ApiIdempotencyKey()
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblems(400, 401, 403, 404, 422, 503)
  redeliver(@Param('subscriptionId', uuid) id: string, @Param('deliveryId', uuid) deliveryId: string, @Principal() principal: AuthPrincipal): Promise<WebhookDeliveryDto> {
    return this.subscriptions.redeliver(actorOf(principal), id, deliveryId);
  }
}
