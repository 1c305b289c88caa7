import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/**
 * The validated fields every auth body is built from, so each rule is written once. Passwords are only
 * bounded here (1024 characters keeps hashing cheap); their strength is a 422 from the policy, which
 * needs the account's email.
 */
const lowerCase = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value,
);

export const EmailField = () =>
  applyDecorators(
    ApiProperty({ format: 'email', maxLength: 254, example: 'dana@clinic.example' }),
    lowerCase,
    IsEmail(),
    MaxLength(254),
  );

export const PasswordField = (description: string) =>
  applyDecorators(
    ApiProperty({ minLength: 1, maxLength: 1024, description, format: 'password' }),
    IsString(),
    MinLength(1),
    MaxLength(1024),
  );

/** A password being chosen: no minimum here, so a short one is the policy's 422 naming the field, not a 400. */
export const NewPasswordField = () =>
  applyDecorators(
    ApiProperty({
      maxLength: 1024,
      format: 'password',
      description:
        'At least 12 characters, two kinds of characters, not a common password, not the email name',
    }),
    IsString(),
    MaxLength(1024),
  );

/** E.164, as the database stores it: "+" then 7 to 15 digits, no spaces. */
export const PhoneField = () =>
  applyDecorators(
    ApiProperty({
      pattern: '^\\+[1-9][0-9]{6,14}$',
      example: '+13125550142',
      description: 'E.164 phone number',
    }),
    IsString(),
    Matches(/^\+[1-9]\d{6,14}$/, {
      message: 'must be a phone number in E.164 format (+ and country code, digits only)',
    }),
  );

export const SixDigitCodeField = (description: string) =>
  applyDecorators(
    ApiProperty({ pattern: '^[0-9]{6}$', example: '042137', description }),
    IsString(),
    Matches(/^\d{6}$/, { message: 'must be 6 digits' }),
  );

/** The 256-bit tokens Attune hands out (refresh, MFA, links): base64url, 43 characters. */
export const OpaqueTokenField = (description: string) =>
  applyDecorators(
    ApiProperty({ pattern: '^[A-Za-z0-9_-]{20,128}$', description }),
    IsString(),
    Matches(/^[A-Za-z0-9_-]{20,128}$/, { message: 'must be a token as issued by Attune' }),
  );
