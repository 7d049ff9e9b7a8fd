import { applyDecorators, Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { PostgresEventStore } from '@palembang/events';
import { AgencyRule, ApiIdempotencyKey, ApiProblems, ValidationProblemException } from '@palembang/http';
import { forgetSubject, subjectNotFound } from '@palembang/platform';
import { ForgetXapiAgentDto, NIP_PATTERN, TRAINING_ID, TrainingForgetResultDto } from '@palembang/training-api';
import { isNip, subjectOfCivilServant, subjectOfStudent } from '@palembang/training-domain';
import { Clock } from '@palembang/working-days';
import { TRAINING_CLOCK } from '../shared/training-http';
import { XapiStatementsService } from '../xapi/xapi.service';

const ERASURE = "their personal fields read as erased everywhere (events, views, Kafka, xAPI statements); records and JP stay. Only a subject whom the caller's agency alone holds a case of (any, with agencies:all): else 404 if it holds none, 409 if another agency holds one too; every request is audited";

/**
 * "Forget this person" (UU 27/2022) for the training context: a civil servant (name in the register,
 * enrolments and their xAPI statements), a student (internships) and an xAPI agent who is no civil
 * servant. Admins only; the shared `forgetSubject` decides by agency and records who asked.
 */
@ApiTags('training')
@AgencyRule('own-agency')
@Controller('v1')
export class ForgetController {
  constructor(
    @Inject(PostgresEventStore) private readonly events: PostgresEventStore,
    @Inject(XapiStatementsService) private readonly statements: XapiStatementsService,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Post('civil-servants/:nip/forget')
  @Erasure(`Forget a civil servant: ${ERASURE}. Their agency (as the register says) may, while no other agency holds a case of them`, 'nip', NIP_PATTERN.source)
  forgetCivilServant(@Param('nip') nip: string, @Principal() principal: AuthPrincipal): Promise<TrainingForgetResultDto> {
    if (!isNip(nip)) throw new ValidationProblemException([{ field: 'nip', message: 'nip must be a valid 18-digit NIP' }]);
    return forgetSubject(this.events, { subject: subjectOfCivilServant(nip), principal, now: this.clock(), notFound: () => subjectNotFound('CIVIL_SERVANT.NOT_FOUND', 'civil servant') });
  }

  @Post('students/:studentId/forget')
  @Erasure(`Forget a student (an intern): ${ERASURE}`, 'studentId', TRAINING_ID.source)
  forgetStudent(@Param('studentId') studentId: string, @Principal() principal: AuthPrincipal): Promise<TrainingForgetResultDto> {
    if (!TRAINING_ID.test(studentId)) throw new ValidationProblemException([{ field: 'studentId', message: 'studentId must be 1-100 letters, digits or . _ : -' }]);
    return forgetSubject(this.events, { subject: subjectOfStudent(studentId), principal, now: this.clock(), notFound: () => subjectNotFound('STUDENT.NOT_FOUND', 'student') });
  }

  @Post('xapi-agents/forget')
  @Erasure(`Forget an xAPI agent who is no civil servant, or an identified group, by their one identifier (mbox, mbox_sha1sum, openid or account; a civil servant's account is forgotten by NIP, a group's named by a NIP here): ${ERASURE}`)
  forgetXapiAgent(@Body() body: ForgetXapiAgentDto, @Principal() principal: AuthPrincipal): Promise<TrainingForgetResultDto> {
    const given = (['mbox', 'mbox_sha1sum', 'openid', 'account'] as const).filter((key) => body[key] !== undefined);
    if (given.length !== 1) throw new ValidationProblemException([{ field: 'mbox', message: 'exactly one of mbox, mbox_sha1sum, openid and account identifies the agent' }]);
    // An account named by a NIP is allowed: only a Group's can be held here (an Agent's is the civil servant's,
    // forgotten by NIP), since an identified Group is never a civil servant (xAPI 1.0.3, 2.4.2.2).
    return this.statements.forgetAgent(body, principal, this.clock());
  }
}

function Erasure(summary: string, param?: string, pattern?: string): MethodDecorator {
  return applyDecorators(
    HttpCode(200),
    RequireScopes(ADMIN_SCOPE),
    ApiOperation({ summary }),
    ...(param ? [ApiParam({ name: param, schema: { type: 'string', pattern } })] : []),
    ApiIdempotencyKey(),
    ApiOkResponse({ type: TrainingForgetResultDto }),
    ApiProblems(400, 401, 403, 404, 409, 503),
  );
}
