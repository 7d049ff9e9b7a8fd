import { Body, Controller, Get, Headers, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule, ApiProblems, ETAG_RESPONSE_HEADER, etagOf, type HttpRequest, type HttpReply } from '@palembang/http';
import { CohortDto, CompleteDto, EnrolDto, EnrolmentDto, ReasonDto, RecordAttendanceDto, WithdrawEnrolmentDto } from '@palembang/training-api';
import { Clock } from '@palembang/working-days';
import { checkId, contextOf, TRAINING_CLOCK, TrainingAction } from '../../shared/training-http';
import { CohortAnswer, cohortNotFound, CohortsService } from '../cohorts.service';
import { cohortDtoOf, enrolmentDtoOf } from './cohort-answers';

const cohortIdOf = (id: string): string => checkId(id, () => cohortNotFound(id));

function withEtag(response: HttpReply, answer: CohortAnswer): CohortAnswer {
  response.header('ETag', etagOf(answer.version));
  return answer;
}

/**
 * Cohorts of programs. Enrolment is for the civil servant's agency, BKPSDM and agencies:all, withdrawal
 * also for the organiser; attendance, completion and cancellation for the organiser (the cohort rules answer 403).
 */
@ApiTags('training')
@Controller('v1/cohorts')
export class CohortsController {
  constructor(
    @Inject(CohortsService) private readonly cohorts: CohortsService,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id')
  @AgencyRule('any-client')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'One cohort with the participants the caller may see and the waiting list in order' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: CohortDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) response: HttpReply): Promise<CohortDto> {
    return cohortDtoOf(withEtag(response, await this.cohorts.get(cohortIdOf(id))), principal);
  }

  @Post(':id/enrolments')
  @AgencyRule('own-agency')
  @TrainingAction('Enrol a civil servant: a seat while seats remain, else the end of the waiting list', EnrolmentDto)
  async enrol(@Param('id') id: string, @Body() body: EnrolDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const answer = await this.cohorts.enrol(cohortIdOf(id), body, contextOf(principal, request, this.clock, ifMatch), principal);
    return enrolmentDtoOf(withEtag(response, answer), body.nip);
  }

  @Post(':id/withdrawals')
  @AgencyRule('own-agency')
  @TrainingAction('Withdraw an enrolment or a place on the waiting list; a freed seat goes to the first waiting', EnrolmentDto)
  async withdraw(@Param('id') id: string, @Body() body: WithdrawEnrolmentDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const answer = await this.cohorts.withdraw(cohortIdOf(id), body.nip, body.reason ?? null, contextOf(principal, request, this.clock, ifMatch));
    return enrolmentDtoOf(withEtag(response, answer), body.nip);
  }

  @Post(':id/attendance')
  @AgencyRule('own-agency')
  @TrainingAction('Record who was present at a session held today or earlier (the organiser)', CohortDto)
  async attendance(@Param('id') id: string, @Body() body: RecordAttendanceDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const answer = await this.cohorts.recordAttendance(cohortIdOf(id), body, contextOf(principal, request, this.clock, ifMatch));
    return cohortDtoOf(withEtag(response, answer), principal);
  }

  @Post(':id/completions')
  @AgencyRule('own-agency')
  @TrainingAction("Record a participant's result (the organiser); a pass credits the program's JP to the civil servant's year", EnrolmentDto)
  async complete(@Param('id') id: string, @Body() body: CompleteDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const answer = await this.cohorts.complete(cohortIdOf(id), body, contextOf(principal, request, this.clock, ifMatch));
    return enrolmentDtoOf(withEtag(response, answer), body.nip);
  }

  @Post(':id/cancel')
  @AgencyRule('own-agency')
  @TrainingAction('Cancel the cohort (the organiser), unless someone has completed it', CohortDto)
  async cancel(@Param('id') id: string, @Body() body: ReasonDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const answer = await this.cohorts.cancel(cohortIdOf(id), body.reason, contextOf(principal, request, this.clock, ifMatch));
    return cohortDtoOf(withEtag(response, answer), principal);
  }
}
