import { Controller, Get, Inject, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CohortDto, CohortSummaryListDto, CompleteDto, CreateProgramDto, EnrolDto, EnrolmentDto, ListProgramsQueryDto, ProgramDto, ProgramPageDto, ReasonDto, RecordAttendanceDto, ScheduleCohortDto, UpdateProgramDto, WithdrawEnrolmentDto,
} from '@palembang/training-api';
import type { Request, Response } from 'express';
import { ForwardedQuery } from '../forwarding/forwarded-query.decorator';
import { ServiceProxy } from '../forwarding/service-proxy';
import { Act, Create, Read } from './training-docs';

/**
 * The training catalogue and its cohorts, forwarded to the training service, which applies the rules:
 * only the owner changes a program, only the organiser runs a cohort, enrolment by the civil servant's
 * agency, the organiser or BKPSDM.
 */
@ApiTags('training')
@Controller('v1')
export class TrainingProgramsController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Post('training-programs')
  @Create('own-agency', "Add a program to the catalogue, owned by the caller's agency", CreateProgramDto, ProgramDto)
  create(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('training-programs')
  @Read('any-client', 'The catalogue, oldest first', ProgramPageDto, [400, 403])
  @ForwardedQuery(ListProgramsQueryDto)
  list(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('training-programs/:id')
  @Read('any-client', 'One program', ProgramDto, [403, 404], ['id'])
  detail(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Patch('training-programs/:id')
  @Act('own-agency', 'Change the details given (the owning agency only)', UpdateProgramDto, ProgramDto)
  update(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('training-programs/:id/retire')
  @Act('own-agency', 'Retire the program: no new cohorts; credits already earned stay', ReasonDto, ProgramDto)
  retire(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('training-programs/:id/cohorts')
  @Read('any-client', 'The cohorts of a program, earliest first', CohortSummaryListDto, [403, 404], ['id'])
  cohorts(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('training-programs/:id/cohorts')
  @Create('any-client', "Schedule a cohort of an active program, organised by the caller's agency", ScheduleCohortDto, CohortDto, ['id'])
  schedule(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('cohorts/:id')
  @Read('any-client', 'One cohort with the participants the caller may see and the waiting list in order', CohortDto, [403, 404], ['id'])
  cohort(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('cohorts/:id/enrolments')
  @Act('own-agency', 'Enrol a civil servant: a seat while seats remain, else the end of the waiting list', EnrolDto, EnrolmentDto)
  enrol(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('cohorts/:id/withdrawals')
  @Act('own-agency', 'Withdraw an enrolment or a place on the waiting list; a freed seat goes to the first waiting', WithdrawEnrolmentDto, EnrolmentDto)
  withdraw(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('cohorts/:id/attendance')
  @Act('own-agency', 'Record who was present at a session (the organiser)', RecordAttendanceDto, CohortDto)
  attendance(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('cohorts/:id/completions')
  @Act('own-agency', "Record a participant's result (the organiser); a pass credits the program's JP", CompleteDto, EnrolmentDto)
  complete(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('cohorts/:id/cancel')
  @Act('own-agency', 'Cancel the cohort (the organiser), unless someone has completed it', ReasonDto, CohortDto)
  cancel(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  private forward(request: Request, response: Response): Promise<void> {
    return this.proxy.forward('training', request, response);
  }
}
