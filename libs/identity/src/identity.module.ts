import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '@attune/notifications';
import { AccountProfiles } from './accounts/account-profiles.js';
import { SignInAccounts } from './accounts/sign-in-accounts.js';
import { UserAccounts } from './accounts/user-accounts.js';
import { AuthGuard } from './auth/auth.guard.js';
import { BearerAuthentication } from './auth/bearer-authentication.js';
import { SessionCheck } from './auth/session-check.js';
import { OneTimeCodes } from './codes/one-time-codes.js';
import { PasswordHasher } from './credentials/password-hasher.js';
import { IdentityKeys } from './crypto/identity-keys.js';
import { AuthSession } from './entities/auth-session.entity.js';
import { OneTimeCode } from './entities/one-time-code.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { UserAccount } from './entities/user-account.entity.js';
import { Invitations } from './invitations/invitations.js';
import { Authenticators } from './mfa/authenticators.js';
import { MfaEnrolment } from './mfa/mfa-enrolment.js';
import { PasswordReset } from './recovery/password-reset.js';
import { SecurityLog } from './security/security-log.js';
import { Sessions } from './sessions/sessions.js';
import { MfaSignIn } from './sign-in/mfa-sign-in.js';
import { PasswordSignIn } from './sign-in/password-sign-in.js';
import { PhoneSignIn } from './sign-in/phone-sign-in.js';
import { SignInCompletion } from './sign-in/sign-in-completion.js';
import { SignInThrottle } from './throttle/sign-in-throttle.js';
import { AccessTokens } from './tokens/access-tokens.js';

export const IDENTITY_ENTITIES = [UserAccount, AuthSession, RefreshToken, OneTimeCode];

/** The use cases the api's auth controllers call. */
const SIGN_IN = [
  PasswordSignIn,
  MfaSignIn,
  PhoneSignIn,
  MfaEnrolment,
  PasswordReset,
  Invitations,
  Sessions,
  AccountProfiles,
];

/** Users, credentials, sessions, tokens and MFA. Installs the global AuthGuard. */
@Module({
  imports: [TypeOrmModule.forFeature(IDENTITY_ENTITIES), NotificationsModule],
  providers: [
    AccessTokens,
    SessionCheck,
    BearerAuthentication,
    UserAccounts,
    SignInAccounts,
    PasswordHasher,
    IdentityKeys,
    OneTimeCodes,
    Authenticators,
    SecurityLog,
    SignInThrottle,
    SignInCompletion,
    ...SIGN_IN,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessTokens, SessionCheck, BearerAuthentication, UserAccounts, PasswordHasher, SecurityLog, ...SIGN_IN],
})
export class IdentityModule {}
