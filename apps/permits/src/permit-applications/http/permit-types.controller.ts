import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@palembang/auth';
import { PermitTypeCatalogue } from '@palembang/permits-domain';
import { AgencyRule, ApiProblems } from '@palembang/http';
import { PERMIT_TYPE_CATALOGUE } from '../permit-type-catalogue';
import { PermitTypeListDto } from '@palembang/permits-api';

@ApiTags('permit-types')
@AgencyRule('any-client')
@Controller('v1/permit-types')
export class PermitTypesController {
  constructor(@Inject(PERMIT_TYPE_CATALOGUE) private readonly permitTypes: PermitTypeCatalogue) {}

  @Get()
  @RequireScopes('permits:read')
  @ApiOperation({ summary: 'The permit types of every agency, with their service standards' })
  @ApiOkResponse({ type: PermitTypeListDto })
  @ApiProblems(401, 403)
  list(): PermitTypeListDto {
    return {
      items: this.permitTypes.all().map(({ code, name, agencyId, requiredDocuments, feeIdr, processingDays, deemedApproval, legalBasis }) => ({
        code, name, agencyId, requiredDocuments: [...requiredDocuments], feeIdr, processingDays, deemedApproval, legalBasis,
      })),
    };
  }
}
