import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE } from '@palembang/auth';
import { problem, ProblemException, StreamVerificationDto, type HttpRequest, type HttpReply } from '@palembang/http';
import { Forwarded } from './forwarded.decorator';
import { ServiceProxy, Upstream } from './service-proxy';

/** Which service keeps a stream, by the stream id's prefix. */
const STREAM_OWNERS: ReadonlyArray<[prefix: string, upstream: Upstream]> = [
  ['permit-application-', 'permits'],
  ['complaint-', 'complaints'],
  ['survey-', 'complaints'],
];

/**
 * Tamper evidence of every service's event streams, for administrators across agencies (the inspectorate):
 * an agency admin could otherwise learn that another agency's record exists and how many events it has.
 */
@ApiTags('audit')
@Controller('v1/audit/streams')
export class AuditStreamsController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get(':streamId/verify')
  @Forwarded([ADMIN_SCOPE, ALL_AGENCIES_SCOPE], 'cross-agency-only', [403, 404])
  @ApiOperation({ summary: "Verify an event stream's hash chain (permit applications, complaints, surveys): intact, or the first altered event" })
  @ApiParam({ name: 'streamId', schema: { type: 'string', pattern: '^[a-z][a-z-]{1,60}-[0-9a-f-]{36}$', example: 'permit-application-0b7c6f7e-2a65-4a8e-9d1f-3c1a2b4d5e6f' } })
  @ApiOkResponse({ type: StreamVerificationDto })
  verify(@Param('streamId') streamId: string, @Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    const owner = STREAM_OWNERS.find(([prefix]) => streamId.startsWith(prefix))?.[1];
    if (!owner) throw new ProblemException(problem(404, { code: 'STREAM.NOT_FOUND', detail: `No stream ${streamId}` }));
    return this.proxy.forward(owner, request, response);
  }
}
