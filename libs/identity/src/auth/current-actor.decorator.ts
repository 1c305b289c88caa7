import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../roles.js';

export interface AuthenticatedRequest {
  actor?: Actor;
  id: string;
}

/** The authenticated actor of this request, set by AuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
