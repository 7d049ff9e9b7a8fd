import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, forbidden, Principal, RequireScopes } from '@palembang/auth';
import { isValidNip } from '@palembang/citizens';
import { AgencyRule, ApiProblems } from '@palembang/http';
import { DevelopmentRecordDto, DevelopmentRecordListDto, DevelopmentRecordQueryDto, ListDevelopmentRecordsQueryDto } from '@palembang/training-api';
import { jakartaYearOf } from '@palembang/training-domain';
import { Clock } from '@palembang/working-days';
import { canSeeTrainingOf, seesAllTraining, TRAINING_CLOCK } from '../../shared/training-http';
import { DevelopmentRecordsService, recordNotFound } from '../development-records.service';

/**
 * Civil servants' competency development (PP 17/2020: at least 20 JP a year). A record is seen by the
 * agency the civil servant serves at (or was credited for), BKPSDM and agencies:all; 404 otherwise.
 */
@ApiTags('training')
@AgencyRule('own-agency')
@Controller('v1/development-records')
export class DevelopmentRecordsController {
  constructor(
    @Inject(DevelopmentRecordsService) private readonly records: DevelopmentRecordsService,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':nip')
  @RequireScopes('training:read')
  @ApiOperation({ summary: "A civil servant's JP of a year (Asia/Jakarta), across cohorts and xAPI learning, against the 20 JP minimum" })
  @ApiParam({ name: 'nip', schema: { type: 'string', pattern: '^\\d{18}$' } })
  @ApiOkResponse({ type: DevelopmentRecordDto })
  @ApiProblems(400, 401, 403, 404, 503)
  record(@Param('nip') nip: string, @Query() query: DevelopmentRecordQueryDto, @Principal() principal: AuthPrincipal): Promise<DevelopmentRecordDto> {
    if (!isValidNip(nip)) throw recordNotFound();
    const year = query.year ?? jakartaYearOf(this.clock());
    return this.records.record(nip, year, (agencies) => seesAllTraining(principal) || agencies.includes(principal.agencyId));
  }

  @Get()
  @RequireScopes('training:read')
  @ApiOperation({ summary: "The records of an agency's civil servants in a year, with how many meet 20 JP" })
  @ApiOkResponse({ type: DevelopmentRecordListDto })
  @ApiProblems(400, 401, 403, 503)
  list(@Query() query: ListDevelopmentRecordsQueryDto, @Principal() principal: AuthPrincipal): Promise<DevelopmentRecordListDto> {
    const agencyId = query.agencyId ?? principal.agencyId;
    if (!canSeeTrainingOf(principal, agencyId)) throw forbidden("This client may list its own agency's records only.", 'AUTH.OTHER_AGENCY');
    return this.records.ofAgency(agencyId, query.year ?? jakartaYearOf(this.clock()));
  }
}
