import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

export class FieldErrorSchema {
  @ApiProperty({ example: 'phone' }) field: string;
  @ApiProperty({ example: 'must be a phone number in E.164 format' }) message: string;
}

/** RFC 9457 problem details: the body of every error response. */
export class ProblemDetailsSchema {
  @ApiProperty({ example: 'https://attune.dev/problems/400' }) type: string;
  @ApiProperty({ example: 'Bad request' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiPropertyOptional({ example: 'phone: must be a phone number in E.164 format' }) detail?: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema] }) errors?: FieldErrorSchema[];
  @ApiPropertyOptional({ example: '6bf96a28-c848-4907-86dc-4133a8d4617c' }) correlationId?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed body, unknown field or wrong type (problem details name the field)',
  401: 'Missing, expired, revoked or invalid token',
  403: 'Authenticated but not allowed for this client or action',
  404: 'Not found (also: another organisation\'s record, whose existence is not revealed)',
  409: 'Conflicts with existing data (duplicate, stale version, invalid transition)',
  413: 'Body larger than 1 MB',
  422: 'Well-formed but breaks a rule (weak password, unknown time zone, …)',
  429: 'Too many attempts; see Retry-After',
};

/** Declares the problem-details error responses of a route in one line: @ApiProblems(400, 401, 404). */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ProblemDetailsSchema }),
    ),
  );
