import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, RequireScopes } from '@palembang/auth';
import { ApiProblems, problem, ProblemException } from '@palembang/http';
import { PermitApplicationsService } from '../permit-applications.service';
import { StreamVerificationDto } from '@palembang/permits-api';

const APPLICATION_STREAM = /^permit-application-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Tamper evidence: proves a stream's hash chain intact or names its first altered event. Administrators only. */
@ApiTags('audit')
@Controller('v1/audit/streams')
export class AuditController {
  constructor(@Inject(PermitApplicationsService) private readonly applications: PermitApplicationsService) {}

  @Get(':streamId/verify')
  @RequireScopes(ADMIN_SCOPE)
  @ApiOperation({ summary: "Verify a permit application stream's hash chain" })
  @ApiParam({ name: 'streamId', schema: { type: 'string', pattern: APPLICATION_STREAM.source, example: 'permit-application-0b7c6f7e-2a65-4a8e-9d1f-3c1a2b4d5e6f' } })
  @ApiOkResponse({ type: StreamVerificationDto })
  @ApiProblems(401, 403, 404, 503)
  async verify(@Param('streamId') streamId: string): Promise<StreamVerificationDto> {
    const applicationId = APPLICATION_STREAM.exec(streamId)?.[1];
    const notFound = new ProblemException(problem(404, { code: 'STREAM.NOT_FOUND', detail: `No stream ${streamId}` }));
    if (!applicationId) throw notFound;
    const verification = await this.applications.verifyApplicationStream(applicationId);
    if (verification.intact && verification.events === 0) throw notFound;
    return { ...verification };
  }
}
