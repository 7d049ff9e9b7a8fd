import { Body, Controller, Get, Headers, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { ApiProblems, etagOf } from '@palembang/http';
import { PartnerDto, PartnerListDto, ReasonDto, RegisterPartnerDto, SignAgreementDto } from '@palembang/training-api';
import { Partner, partnerDecider } from '@palembang/training-domain';
import { Clock } from '@palembang/working-days';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Action, checkId, CommandMetadataOf, contextOf, ETAG_HEADER, IDEMPOTENCY_KEY, notFound, TRAINING_CLOCK } from '../shared/http';
import { TrainingStore } from '../shared/training-store';

export const partnerStreamId = (partnerId: string): string => `partner-${partnerId}`;
const partnerNotFound = (partnerId: string) => notFound('PARTNER.NOT_FOUND', `No partner ${partnerId}`);
type ExistingPartner = Exclude<Partner, { status: 'absent' }>;

function partnerDto(partner: ExistingPartner, version: number): PartnerDto {
  return {
    partnerId: partner.partnerId,
    name: partner.name,
    kind: partner.kind,
    agreements: Object.values(partner.agreements).map(({ agreementId, scope, validFrom, validUntil, terminatedOn }) => ({ agreementId, scope: [...scope], validFrom, validUntil, terminatedOn })),
    version,
  };
}

/** Partner institutions (universities, polytechnics) and their cooperation agreements: BKPSDM manages them, every agency reads them. */
@ApiTags('training')
@Controller('v1/partners')
export class PartnersController {
  private readonly decider = partnerDecider();

  constructor(
    @Inject(TrainingStore) private readonly store: TrainingStore,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'BKPSDM registers a partner institution' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: PartnerDto, headers: { Location: { schema: { type: 'string' } }, ...ETAG_HEADER } })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async register(@Body() body: RegisterPartnerDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<PartnerDto> {
    const partnerId = `ptn-${randomUUID()}`;
    const context = contextOf(principal, request, this.clock);
    const { state, version } = await this.store.execute(this.decider, partnerStreamId(partnerId), { type: 'RegisterPartner', data: { partnerId, name: body.name, kind: body.kind }, metadata: CommandMetadataOf(context) }, context);
    response.setHeader('Location', `/v1/partners/${partnerId}`);
    response.setHeader('ETag', etagOf(version));
    return partnerDto(state as ExistingPartner, version);
  }

  @Get()
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'The partner institutions' })
  @ApiOkResponse({ type: PartnerListDto })
  @ApiProblems(401, 403, 503)
  async list(): Promise<PartnerListDto> {
    const rows: Array<{ partner_id: string }> = await this.store.dataSource.query(`SELECT partner_id FROM training_partners ORDER BY name LIMIT 500`);
    const items: PartnerDto[] = [];
    for (const row of rows) {
      const { state, version } = await this.store.load(this.decider, partnerStreamId(row.partner_id));
      if (state.status !== 'absent') items.push(partnerDto(state, version));
    }
    return { items };
  }

  @Get(':id')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'One partner with its agreements' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: PartnerDto, headers: ETAG_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<PartnerDto> {
    const { state, version } = await this.store.load(this.decider, partnerStreamId(checkId(id, () => partnerNotFound(id))));
    if (state.status === 'absent') throw partnerNotFound(id);
    response.setHeader('ETag', etagOf(version));
    return partnerDto(state, version);
  }

  @Post(':id/agreements')
  @Action('BKPSDM signs a cooperation agreement (internship, research, training) for a period', PartnerDto)
  async sign(@Param('id') id: string, @Body() body: SignAgreementDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    const data = { agreementId: `agr-${randomUUID()}`, scope: body.scope, validFrom: body.validFrom, validUntil: body.validUntil };
    return this.act(id, 'SignAgreement', data, principal, request, response, ifMatch);
  }

  @Post(':id/agreements/:agreementId/terminate')
  @Action('BKPSDM ends an agreement today: nothing new under it; what runs goes on', PartnerDto)
  @ApiParam({ name: 'agreementId', schema: { type: 'string' } })
  terminate(@Param('id') id: string, @Param('agreementId') agreementId: string, @Body() body: ReasonDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act(id, 'TerminateAgreement', { agreementId, reason: body.reason }, principal, request, response, ifMatch);
  }

  private async act(id: string, type: 'SignAgreement' | 'TerminateAgreement', data: Record<string, unknown>, principal: AuthPrincipal, request: Request, response: Response, ifMatch?: string): Promise<PartnerDto> {
    const partnerId = checkId(id, () => partnerNotFound(id));
    const context = contextOf(principal, request, this.clock, ifMatch);
    const command = { type, data: { ...data, partnerId }, metadata: CommandMetadataOf(context) } as never;
    const { state, version } = await this.store.execute(this.decider, partnerStreamId(partnerId), command, context);
    if (state.status === 'absent') throw partnerNotFound(id);
    response.setHeader('ETag', etagOf(version));
    return partnerDto(state, version);
  }
}
