import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PHONE_ROLES, type PhoneRole } from '@attune/identity';
import {
  EmailField,
  NewPasswordField,
  OpaqueTokenField,
  PasswordField,
  PhoneField,
  SixDigitCodeField,
} from './fields.js';

export class SignInDto {
  @EmailField() email: string;
  @PasswordField('The account password') password: string;
}

export class MfaSignInDto {
  @OpaqueTokenField('The mfaToken from the sign-in answer') mfaToken: string;
  @SixDigitCodeField('The code the authenticator app shows now') code: string;
}

export class MfaTokenDto {
  @OpaqueTokenField('The mfaToken from the sign-in answer') mfaToken: string;
}

export class MfaConfirmDto {
  @SixDigitCodeField('The code the authenticator app shows now') code: string;
}

/** Which account of the phone signs in: a person can be a client and, separately, someone's supporter. */
const PhoneRoleField = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: PHONE_ROLES, default: 'client', description: "'supporter' for family or friends a client's consent names" }),
    IsOptional(),
    IsIn(PHONE_ROLES),
  );

export class CodeRequestDto {
  @PhoneField() phone: string;
  @PhoneRoleField() as?: PhoneRole;
}

export class CodeSignInDto {
  @PhoneField() phone: string;
  @SixDigitCodeField('The code from the text message') code: string;
  @PhoneRoleField() as?: PhoneRole;
}

export class RefreshDto {
  @OpaqueTokenField('The refresh token from the last sign-in or refresh') refreshToken: string;
}

export class PasswordResetRequestDto {
  @EmailField() email: string;
}

export class PasswordResetConfirmDto {
  @OpaqueTokenField('The token from the reset link') token: string;
  @NewPasswordField() newPassword: string;
}

export class AcceptInvitationDto {
  @OpaqueTokenField('The token from the invitation link') token: string;
  @NewPasswordField() password: string;
}
