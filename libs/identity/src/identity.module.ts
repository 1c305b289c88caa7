import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserAccounts } from './accounts/user-accounts.js';
import { AuthGuard } from './auth/auth.guard.js';
import { SessionCheck } from './auth/session-check.js';
import { AuthSession } from './entities/auth-session.entity.js';
import { OneTimeCode } from './entities/one-time-code.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { UserAccount } from './entities/user-account.entity.js';
import { AccessTokens } from './tokens/access-tokens.js';

export const IDENTITY_ENTITIES = [UserAccount, AuthSession, RefreshToken, OneTimeCode];

/** Users, credentials, sessions, tokens and MFA. Installs the global AuthGuard. */
@Module({
  imports: [TypeOrmModule.forFeature(IDENTITY_ENTITIES)],
  providers: [AccessTokens, SessionCheck, UserAccounts, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AccessTokens, SessionCheck, UserAccounts],
})
export class IdentityModule {}
