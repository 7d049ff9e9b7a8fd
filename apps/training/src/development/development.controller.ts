import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, forbidden, Principal, RequireScopes } from '@palembang/auth';
import { ApiProblems, etagOf } from '@palembang/http';
import {
  CivilServantDto, DevelopmentRecordDto, DevelopmentRecordListDto, DevelopmentRecordQueryDto, ListDevelopmentRecordsQueryDto, RegisterCivilServantDto, TransferCivilServantDto,
} from '@palembang/training-api';
import { isValidNip } from '@palembang/citizens';
import { jakartaYearOf } from '@palembang/training-domain';
import { Clock } from '@palembang/working-days';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Action, canSeeTrainingOf, contextOf, ETAG_HEADER, IDEMPOTENCY_KEY, notFound, seesAllTraining, TRAINING_CLOCK } from '../shared/http';
import { civilServantNotFound, CivilServantsService, RegisteredCivilServant } from './civil-servants.service';
import { agenciesOfRecord, developmentRecordsOf, nipsOfAgency } from './development-records';

const recordNotFound = () => notFound('DEVELOPMENT.NOT_FOUND', 'No development record of this civil servant for the caller');

function civilServantDto({ nip, agencyId, registeredAt, version }: RegisteredCivilServant): CivilServantDto {
  return { nip, agencyId, registeredAt, version };
}

/**
 * Civil servants' competency development (PP 17/2020: at least 20 JP a year). A record is seen by the
 * agency the civil servant serves at (or was credited for), BKPSDM and agencies:all; 404 otherwise.
 */
@ApiTags('training')
@Controller('v1')
export class DevelopmentController {
  constructor(
    @Inject(CivilServantsService) private readonly civilServants: CivilServantsService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('development-records/:nip')
  @RequireScopes('training:read')
  @ApiOperation({ summary: "A civil servant's JP of a year (Asia/Jakarta), across cohorts and xAPI learning, against the 20 JP minimum" })
  @ApiParam({ name: 'nip', schema: { type: 'string', pattern: '^\\d{18}$' } })
  @ApiOkResponse({ type: DevelopmentRecordDto })
  @ApiProblems(400, 401, 403, 404, 503)
  async record(@Param('nip') nip: string, @Query() query: DevelopmentRecordQueryDto, @Principal() principal: AuthPrincipal): Promise<DevelopmentRecordDto> {
    if (!isValidNip(nip)) throw recordNotFound();
    const year = query.year ?? jakartaYearOf(this.clock());
    const agencies = await agenciesOfRecord(this.dataSource.manager, nip, year);
    if (!seesAllTraining(principal) && !agencies.includes(principal.agencyId)) throw recordNotFound();
    const [record] = await developmentRecordsOf(this.dataSource.manager, [nip], year);
    const registered = await this.civilServants.agencyOf(this.dataSource.manager, nip);
    return { ...record, agencyId: registered ?? null, credits: record.credits.map((credit) => ({ ...credit })) };
  }

  @Get('development-records')
  @RequireScopes('training:read')
  @ApiOperation({ summary: "The records of an agency's civil servants in a year, with how many meet 20 JP" })
  @ApiOkResponse({ type: DevelopmentRecordListDto })
  @ApiProblems(400, 401, 403, 503)
  async list(@Query() query: ListDevelopmentRecordsQueryDto, @Principal() principal: AuthPrincipal): Promise<DevelopmentRecordListDto> {
    const agencyId = query.agencyId ?? principal.agencyId;
    if (!canSeeTrainingOf(principal, agencyId)) throw forbidden("This client may list its own agency's records only.", 'auth.other_agency');
    const year = query.year ?? jakartaYearOf(this.clock());
    const nips = await nipsOfAgency(this.dataSource.manager, agencyId, year, 5000);
    const records = await developmentRecordsOf(this.dataSource.manager, nips, year);
    const registered: Array<{ nip: string }> = await this.dataSource.query(`SELECT nip FROM civil_servants WHERE agency_id = $1`, [agencyId]);
    const registeredNips = new Set(registered.map((row) => row.nip));
    return {
      agencyId,
      year,
      civilServants: registeredNips.size,
      meetingMinimum: records.filter((record) => record.met && registeredNips.has(record.nip)).length,
      items: records.map((record) => ({ ...record, agencyId: registeredNips.has(record.nip) ? agencyId : null, credits: record.credits.map((credit) => ({ ...credit })) })),
    };
  }

  @Post('civil-servants')
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'BKPSDM registers a civil servant at an agency (again at the same agency: no change)' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: CivilServantDto, headers: ETAG_HEADER })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async register(@Body() body: RegisterCivilServantDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<CivilServantDto> {
    const registered = await this.civilServants.register(body.nip, body.name, body.agencyId, contextOf(principal, request, this.clock));
    response.setHeader('Location', `/v1/civil-servants/${registered.nip}`);
    response.setHeader('ETag', etagOf(registered.version));
    return civilServantDto(registered);
  }

  @Get('civil-servants/:nip')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'Where a civil servant serves (their agency, BKPSDM and agencies:all)' })
  @ApiParam({ name: 'nip', schema: { type: 'string', pattern: '^\\d{18}$' } })
  @ApiOkResponse({ type: CivilServantDto, headers: ETAG_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async civilServant(@Param('nip') nip: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) response: Response): Promise<CivilServantDto> {
    if (!isValidNip(nip)) throw civilServantNotFound();
    const registered = await this.civilServants.get(nip);
    if (!canSeeTrainingOf(principal, registered.agencyId)) throw civilServantNotFound();
    response.setHeader('ETag', etagOf(registered.version));
    return civilServantDto(registered);
  }

  @Post('civil-servants/:nip/transfer')
  @Action('BKPSDM moves a civil servant to another agency (mutasi); earlier credits keep their agency', CivilServantDto, 'nip')
  async transfer(@Param('nip') nip: string, @Body() body: TransferCivilServantDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    if (!isValidNip(nip)) throw civilServantNotFound();
    const registered = await this.civilServants.transfer(nip, body.agencyId, contextOf(principal, request, this.clock, ifMatch));
    response.setHeader('ETag', etagOf(registered.version));
    return civilServantDto(registered);
  }
}
