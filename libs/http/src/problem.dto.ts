import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ type: String, example: 'applicant.nik' }) field!: string;
  @ApiProperty({ type: String, example: 'nik must be 16 digits' }) message!: string;
}

/** RFC 9457 problem details, the body of every error answer, as every service documents it. */
export class ProblemDetailsDto {
  @ApiProperty({ type: String, example: 'urn:palembang:problem:request.invalid' }) type!: string;
  @ApiProperty({ type: String, example: 'Bad request' }) title!: string;
  @ApiProperty({ type: Number, example: 400 }) status!: number;
  @ApiPropertyOptional({ type: String }) detail?: string;
  @ApiPropertyOptional({ type: String, example: '/v1/permit-applications' }) instance?: string;
  @ApiPropertyOptional({ type: String, example: 'PERMIT.INVALID_TRANSITION', description: 'Dotted error code' }) code?: string;
  @ApiPropertyOptional({ type: FieldErrorDto, isArray: true, description: 'Every input field at fault' }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ type: String }) correlationId?: string;
}

export const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid input; `errors` lists every field at fault',
  401: 'Missing, invalid or expired access token',
  403: 'The token lacks the scope, or the agency may not act here',
  404: 'No such resource, or it belongs to another agency',
  409: 'The application is not in a state that allows this, or a concurrent change won',
  412: 'If-Match names a version that is no longer current',
  413: 'The request body is larger than the platform accepts',
  422: 'Idempotency-Key reused with another body',
  429: "The client's rate limit is exhausted; retry after Retry-After",
  503: 'A dependency is unavailable; retry after Retry-After',
};

/** Documents problem+json answers with the given statuses. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...statuses.map((status) =>
      ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status] ?? 'Error', content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } }),
    ),
  );
}
