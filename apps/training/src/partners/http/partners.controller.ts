import { Body, Controller, Get, Headers, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule, ApiIdempotencyKey, ApiProblems, ETAG_RESPONSE_HEADER, etagOf, type HttpRequest, type HttpReply } from '@palembang/http';
import { PartnerDto, PartnerListDto, ReasonDto, RegisterPartnerDto, SignAgreementDto } from '@palembang/training-api';
import { Clock } from '@palembang/working-days';
import { checkId, contextOf, TRAINING_CLOCK, TrainingAction } from '../../shared/training-http';
import { PartnerAnswer, partnerNotFound, PartnersService } from '../partners.service';

const partnerIdOf = (id: string): string => checkId(id, () => partnerNotFound(id));

function partnerDto({ partner, version }: PartnerAnswer): PartnerDto {
  const agreements = Object.values(partner.agreements).map(({ agreementId, scope, validFrom, validUntil, terminatedOn }) => ({ agreementId, scope: [...scope], validFrom, validUntil, terminatedOn }));
  return { partnerId: partner.partnerId, name: partner.name, kind: partner.kind, agreements, version };
}

function answered(response: HttpReply, answer: PartnerAnswer): PartnerDto {
  response.header('ETag', etagOf(answer.version));
  return partnerDto(answer);
}

/** Partner institutions (universities, polytechnics) and their cooperation agreements: BKPSDM manages them, every agency reads them. */
@ApiTags('training')
@Controller('v1/partners')
export class PartnersController {
  constructor(
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @AgencyRule('civil-service-agency')
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'BKPSDM registers a partner institution' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: PartnerDto, headers: { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER } })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async register(@Body() body: RegisterPartnerDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<PartnerDto> {
    const registered = await this.partners.register(body, contextOf(principal, request, this.clock));
    response.header('Location', `/v1/partners/${registered.partner.partnerId}`);
    return answered(response, registered);
  }

  @Get()
  @AgencyRule('any-client')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'The partner institutions' })
  @ApiOkResponse({ type: PartnerListDto })
  @ApiProblems(401, 403, 503)
  async list(): Promise<PartnerListDto> {
    return { items: (await this.partners.list()).map(partnerDto) };
  }

  @Get(':id')
  @AgencyRule('any-client')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'One partner with its agreements' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: PartnerDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Res({ passthrough: true }) response: HttpReply): Promise<PartnerDto> {
    return answered(response, await this.partners.get(partnerIdOf(id)));
  }

  @Post(':id/agreements')
  @AgencyRule('civil-service-agency')
  @TrainingAction('BKPSDM signs a cooperation agreement (internship, research, training) for a period', PartnerDto)
  async sign(@Param('id') id: string, @Body() body: SignAgreementDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return answered(response, await this.partners.sign(partnerIdOf(id), body, contextOf(principal, request, this.clock, ifMatch)));
  }

  @Post(':id/agreements/:agreementId/terminate')
  @AgencyRule('civil-service-agency')
  @TrainingAction('BKPSDM ends an agreement today: nothing new under it; what runs goes on', PartnerDto)
  @ApiParam({ name: 'agreementId', schema: { type: 'string' } })
  async terminate(@Param('id') id: string, @Param('agreementId') agreementId: string, @Body() body: ReasonDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return answered(response, await this.partners.terminate(partnerIdOf(id), agreementId, body.reason, contextOf(principal, request, this.clock, ifMatch)));
  }
}
