import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE, RequireScopes } from '@palembang/auth';
import { PostgresEventStore } from '@palembang/events';
import { ApiProblems, problem, ProblemException, StreamVerificationDto } from '@palembang/http';

/** The stream-id prefixes a service lets administrators verify, e.g. `['permit-application-']`. */
export const AUDITED_STREAM_PREFIXES = Symbol('AUDITED_STREAM_PREFIXES');

const STREAM_ID = /^[a-z][a-z-]{1,60}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Tamper evidence, the same in every service: proves a stream's hash chain
 * intact or names its first altered event. Administrators across agencies only (the
 * inspectorate): an agency admin would learn that another agency's record exists;
 * a stream this service does not keep, or an empty one, is a 404.
 */
@ApiTags('audit')
@Controller('v1/audit/streams')
export class StreamAuditController {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(AUDITED_STREAM_PREFIXES) private readonly prefixes: readonly string[],
  ) {}

  @Get(':streamId/verify')
  @RequireScopes(ADMIN_SCOPE, ALL_AGENCIES_SCOPE)
  @ApiOperation({ summary: "Verify an event stream's hash chain" })
  @ApiParam({ name: 'streamId', schema: { type: 'string', pattern: STREAM_ID.source, example: 'permit-application-0b7c6f7e-2a65-4a8e-9d1f-3c1a2b4d5e6f' } })
  @ApiOkResponse({ type: StreamVerificationDto })
  @ApiProblems(401, 403, 404, 503)
  async verify(@Param('streamId') streamId: string): Promise<StreamVerificationDto> {
    const notFound = new ProblemException(problem(404, { code: 'STREAM.NOT_FOUND', detail: `No stream ${streamId}` }));
    if (!STREAM_ID.test(streamId) || !this.prefixes.some((prefix) => streamId.startsWith(prefix))) throw notFound;
    const verification = await this.store.verifyStream(streamId);
    if (verification.intact && verification.events === 0) throw notFound;
    return { ...verification };
  }
}
