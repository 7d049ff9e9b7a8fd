import { Body, Controller, Get, Headers, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { isValidNip } from '@palembang/citizens';
import { AgencyRule, ApiIdempotencyKey, ApiProblems, ETAG_RESPONSE_HEADER, etagOf, type HttpRequest, type HttpReply } from '@palembang/http';
import { CivilServantDto, RegisterCivilServantDto, TransferCivilServantDto } from '@palembang/training-api';
import { Clock } from '@palembang/working-days';
import { canSeeTrainingOf, contextOf, TRAINING_CLOCK, TrainingAction } from '../../shared/training-http';
import { civilServantNotFound, CivilServantsService, RegisteredCivilServant } from '../civil-servants.service';

function civilServantDto({ nip, agencyId, registeredAt, version }: RegisteredCivilServant): CivilServantDto {
  return { nip, agencyId, registeredAt, version };
}

/** BKPSDM's register of civil servants: seen by the agency they serve at, BKPSDM and agencies:all; 404 otherwise. */
@ApiTags('training')
@Controller('v1/civil-servants')
export class CivilServantsController {
  constructor(
    @Inject(CivilServantsService) private readonly civilServants: CivilServantsService,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @AgencyRule('civil-service-agency')
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'BKPSDM registers a civil servant at an agency (again at the same agency: no change)' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: CivilServantDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async register(@Body() body: RegisterCivilServantDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<CivilServantDto> {
    const registered = await this.civilServants.register(body.nip, body.name, body.agencyId, contextOf(principal, request, this.clock));
    response.header('Location', `/v1/civil-servants/${registered.nip}`);
    response.header('ETag', etagOf(registered.version));
    return civilServantDto(registered);
  }

  @Get(':nip')
  @AgencyRule('own-agency')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'Where a civil servant serves (their agency, BKPSDM and agencies:all)' })
  @ApiParam({ name: 'nip', schema: { type: 'string', pattern: '^\\d{18}$' } })
  @ApiOkResponse({ type: CivilServantDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async civilServant(@Param('nip') nip: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) response: HttpReply): Promise<CivilServantDto> {
    if (!isValidNip(nip)) throw civilServantNotFound();
    const registered = await this.civilServants.get(nip);
    if (!canSeeTrainingOf(principal, registered.agencyId)) throw civilServantNotFound();
    response.header('ETag', etagOf(registered.version));
    return civilServantDto(registered);
  }

  @Post(':nip/transfer')
  @AgencyRule('civil-service-agency')
  @TrainingAction('BKPSDM moves a civil servant to another agency (mutasi); earlier credits keep their agency', CivilServantDto, { name: 'nip', pattern: '^\\d{18}$' })
  async transfer(@Param('nip') nip: string, @Body() body: TransferCivilServantDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    if (!isValidNip(nip)) throw civilServantNotFound();
    const registered = await this.civilServants.transfer(nip, body.agencyId, contextOf(principal, request, this.clock, ifMatch));
    response.header('ETag', etagOf(registered.version));
    return civilServantDto(registered);
  }
}
