import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  AddRecommendationDto, EvaluateInternshipDto, FindingsDto, ImplementRecommendationDto, InternshipDto, InternshipListDto, PartnerDto, PartnerListDto, PlaceInternDto, ProposeResearchDto, ReasonDto,
  RegisterPartnerDto, ResearchProjectDto, ResearchProjectListDto, SignAgreementDto, TRAINING_AGENCY_ID,
} from '@palembang/training-api';
import type { Request, Response } from 'express';
import { ServiceProxy } from '../forwarding/service-proxy';
import { Act, Create, Read } from './training-docs';

const AGENCY = { name: 'agencyId', required: false, description: "Defaults to the caller's agency (all for bkpsdm and agencies:all)", schema: { type: 'string', pattern: TRAINING_AGENCY_ID.source } };
const RECOMMENDATION = ['id', 'recommendationId'];

/** Partner institutions and agreements (BKPSDM), internships at agencies, and research whose recommendations go to the agency studied. */
@ApiTags('training')
@Controller('v1')
export class TrainingPartnersController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Post('partners')
  @Create('civil-service-agency', 'BKPSDM registers a partner institution', RegisterPartnerDto, PartnerDto)
  registerPartner(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('partners')
  @Read('any-client', 'The partner institutions', PartnerListDto, [403])
  partners(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('partners/:id')
  @Read('any-client', 'One partner with its agreements', PartnerDto, [403, 404], ['id'])
  partner(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('partners/:id/agreements')
  @Act('civil-service-agency', 'BKPSDM signs a cooperation agreement for a period', SignAgreementDto, PartnerDto)
  sign(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('partners/:id/agreements/:agreementId/terminate')
  @Act('civil-service-agency', 'BKPSDM ends an agreement today', ReasonDto, PartnerDto, ['id', 'agreementId'])
  terminate(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('internships')
  @Create('own-agency', "Place a partner's student at a host agency under an agreement covering internships", PlaceInternDto, InternshipDto)
  place(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('internships')
  @Read('own-agency', "Internships hosted by the caller's agency", InternshipListDto, [400, 403])
  @ApiQuery(AGENCY)
  internships(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('internships/:id')
  @Read('own-agency', 'One internship', InternshipDto, [403, 404], ['id'])
  internship(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('internships/:id/evaluate')
  @Act('own-agency', 'The host agency evaluates the intern', EvaluateInternshipDto, InternshipDto)
  evaluate(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('internships/:id/complete')
  @Act('own-agency', 'The host agency completes an evaluated internship', undefined, InternshipDto)
  completeInternship(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('research-projects')
  @Create('own-agency', "Propose a partner's study of an agency's service", ProposeResearchDto, ResearchProjectDto)
  propose(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('research-projects')
  @Read('own-agency', "Research projects studying the caller's agency", ResearchProjectListDto, [400, 403])
  @ApiQuery(AGENCY)
  projects(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get('research-projects/:id')
  @Read('own-agency', 'One research project with its findings and recommendations', ResearchProjectDto, [403, 404], ['id'])
  project(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('research-projects/:id/findings')
  @Act('own-agency', 'Record the findings', FindingsDto, ResearchProjectDto)
  findings(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('research-projects/:id/recommendations')
  @Act('own-agency', 'Add a recommendation to the agency studied', AddRecommendationDto, ResearchProjectDto)
  recommend(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('research-projects/:id/recommendations/:recommendationId/accept')
  @Act('own-agency', 'The agency studied accepts an open recommendation', undefined, ResearchProjectDto, RECOMMENDATION)
  accept(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('research-projects/:id/recommendations/:recommendationId/reject')
  @Act('own-agency', 'The agency studied rejects an open recommendation, saying why', ReasonDto, ResearchProjectDto, RECOMMENDATION)
  reject(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('research-projects/:id/recommendations/:recommendationId/implement')
  @Act('own-agency', 'The agency studied marks an accepted recommendation implemented', ImplementRecommendationDto, ResearchProjectDto, RECOMMENDATION)
  implement(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  private forward(request: Request, response: Response): Promise<void> {
    return this.proxy.forward('training', request, response);
  }
}
