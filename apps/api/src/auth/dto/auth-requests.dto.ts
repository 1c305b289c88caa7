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

export class CodeRequestDto {
  @PhoneField() phone: string;
}

export class CodeSignInDto {
  @PhoneField() phone: string;
  @SixDigitCodeField('The code from the text message') code: string;
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
