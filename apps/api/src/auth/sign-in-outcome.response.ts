import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { MfaChallengeDto, TokenPairDto } from './dto/auth-responses.dto.js';

/** 200 with tokens, or with an MFA challenge when the account or its organisation calls for one. */
export const ApiSignInOutcome = () =>
  applyDecorators(
    ApiExtraModels(TokenPairDto, MfaChallengeDto),
    ApiOkResponse({
      description: 'Signed in (tokens), or `mfaRequired: true` with an mfaToken for the second step',
      schema: { oneOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] },
    }),
  );
