import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@palembang/auth';
import { ComplaintCategoryListDto } from '@palembang/complaints-api';
import { ComplaintCategoryCatalogue } from '@palembang/complaints-domain';
import { AgencyRule, ApiProblems } from '@palembang/http';

export const COMPLAINT_CATEGORIES = Symbol('COMPLAINT_CATEGORIES');

@ApiTags('complaints')
@AgencyRule('any-client')
@Controller('v1/complaint-categories')
@Authenticated()
export class ComplaintCategoriesController {
  constructor(@Inject(COMPLAINT_CATEGORIES) private readonly categories: ComplaintCategoryCatalogue) {}

  @Get()
  @ApiOperation({ summary: 'Complaint categories with the agency each is routed to and its follow-up kind' })
  @ApiOkResponse({ type: ComplaintCategoryListDto })
  @ApiProblems(401, 503)
  list(): ComplaintCategoryListDto {
    return { items: this.categories.list().map(({ code, name, description, agencyId, followUpKind }) => ({ code, name, description, agencyId, followUpKind })) };
  }
}
