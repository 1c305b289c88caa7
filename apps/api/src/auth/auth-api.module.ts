import { Module } from '@nestjs/common';
import { IdentityModule } from '@attune/identity';
import { InvitationsController } from './invitations.controller.js';
import { MfaController } from './mfa.controller.js';
import { PasswordResetController } from './password-reset.controller.js';
import { SessionsController } from './sessions.controller.js';
import { SignInController } from './sign-in.controller.js';

/** /api/v1/auth: sign-in, MFA, sessions, password reset and invitations. The use cases live in libs/identity. */
@Module({
  imports: [IdentityModule],
  controllers: [
    SignInController,
    MfaController,
    SessionsController,
    PasswordResetController,
    InvitationsController,
  ],
})
export class AuthApiModule {}
