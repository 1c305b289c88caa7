import { ApiProperty } from '@nestjs/swagger';
import { STAFF_ROLES } from '@attune/identity';

const ROLES = [...STAFF_ROLES, 'client', 'supporter'];

export class SessionUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'Bearer token for the API (short-lived)' }) accessToken: string;
  @ApiProperty({ format: 'date-time' }) accessTokenExpiresAt: string;
  @ApiProperty({ description: 'Works once: exchange it at /auth/refresh for the next pair' })
  refreshToken: string;
  @ApiProperty({ format: 'date-time' }) refreshTokenExpiresAt: string;
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
}

export class MfaChallengeDto {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty({
    description: 'Send it to /auth/sign-in/mfa with the authenticator code (single use, short-lived)',
  })
  mfaToken: string;
  @ApiProperty({ format: 'date-time' }) mfaTokenExpiresAt: string;
  @ApiProperty({
    description:
      'The organisation requires MFA and no authenticator is set up: call /auth/sign-in/mfa/enrol first',
  })
  enrolmentRequired: boolean;
}

export class AuthenticatorDto {
  @ApiProperty({
    description: 'Base32 seed, for typing into the app by hand',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  })
  secret: string;
  @ApiProperty({
    description: 'otpauth:// URI to show as a QR code',
    example: 'otpauth://totp/Attune:dana%40clinic.example?issuer=Attune&secret=…',
  })
  otpauthUri: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ type: String, nullable: true, format: 'email' }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+13125550142' }) phone: string | null;
  @ApiProperty({ example: 'America/Chicago' }) timeZone: string;
  @ApiProperty() mfaEnabled: boolean;
}
