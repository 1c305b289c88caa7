import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, type Observable, throwError } from 'rxjs';
import { TooManyAttempts } from '@attune/identity';

/**
 * Adds Retry-After to a 429 from the sign-in limits (RFC 9110 §10.2.3), so clients back off for as long
 * as the limit lasts instead of retrying blindly. The global filter writes the problem body as usual.
 */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof TooManyAttempts) {
          void ctx
            .switchToHttp()
            .getResponse<FastifyReply>()
            .header('Retry-After', String(error.retryAfterSeconds));
        }
        return throwError(() => error);
      }),
    );
  }
}
