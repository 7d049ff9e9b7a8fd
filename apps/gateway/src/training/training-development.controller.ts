import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CivilServantDto, DevelopmentRecordDto, ForgetXapiAgentDto, DevelopmentRecordListDto, RegisterCivilServantDto, TRAINING_AGENCY_ID, TrainingRecommendationListDto, TransferCivilServantDto,
} from '@palembang/training-api';
import type { Request, Response } from 'express';
import { ServiceProxy } from '../forwarding/service-proxy';
import { Act, Create, Forget, Read } from './training-docs';

const YEAR = { name: 'year', required: false, description: 'Defaults to the current Asia/Jakarta year', schema: { type: 'integer', minimum: 2000, maximum: 2100 } };
const AGENCY = { name: 'agencyId', required: false, description: "Defaults to the caller's agency; another needs bkpsdm or agencies:all", schema: { type: 'string', pattern: TRAINING_AGENCY_ID.source } };

/** Civil servants' yearly JP (PP 17/2020: at least 20), the register BKPSDM keeps, and the programs recommended to agencies. */
@ApiTags('training')
@Controller('v1')
export class TrainingDevelopmentController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get('development-records/:nip')
  @Read('own-agency', "A civil servant's JP of a year across cohorts and xAPI learning, against the 20 JP minimum", DevelopmentRecordDto, [400, 403, 404], ['nip'])
  @ApiQuery(YEAR)
  record(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('development-records')
  @Read('own-agency', "The records of an agency's civil servants in a year, with how many meet 20 JP", DevelopmentRecordListDto, [400, 403])
  @ApiQuery(YEAR)
  @ApiQuery(AGENCY)
  records(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('civil-servants')
  @Create('civil-service-agency', 'BKPSDM registers a civil servant at an agency', RegisterCivilServantDto, CivilServantDto)
  register(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('civil-servants/:nip')
  @Read('own-agency', 'Where a civil servant serves', CivilServantDto, [403, 404], ['nip'])
  civilServant(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('civil-servants/:nip/transfer')
  @Act('civil-service-agency', 'BKPSDM moves a civil servant to another agency', TransferCivilServantDto, CivilServantDto, ['nip'])
  transfer(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('civil-servants/:nip/forget')
  @Forget("Forget a civil servant (UU 27/2022): their name reads as erased in the register, enrolments and xAPI statements; JP and records stay. Their agency if no other holds a case of them (409 if one does), or agencies:all; else 404; audited", 'nip')
  forgetCivilServant(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('students/:studentId/forget')
  @Forget("Forget a student (an intern): their name reads as erased everywhere; internships stay. The only agency holding an internship of theirs (409 if another does too) or agencies:all; else 404; audited", 'studentId')
  forgetStudent(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('xapi-agents/forget')
  @Forget("Forget an xAPI agent who is no civil servant, by one identifier: name and mailbox read as erased in every statement. The only agency that stored statements about them (409 if another did too) or agencies:all; else 404; audited")
  @ApiBody({ type: ForgetXapiAgentDto })
  forgetXapiAgent(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('training-recommendations')
  @Read('own-agency', 'Programs recommended to agencies whose service fell below its standard, newest first', TrainingRecommendationListDto, [400, 403])
  @ApiQuery(AGENCY)
  recommendations(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  private forward(request: Request, response: Response): Promise<void> {
    return this.proxy.forward('training', request, response);
  }
}
