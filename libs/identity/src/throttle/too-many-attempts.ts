import { Problem } from '@attune/platform';

/** A 429 that knows when to come back; the api turns `retryAfterSeconds` into a Retry-After header. */
export class TooManyAttempts extends Problem {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'Too many requests', 'Too many attempts; try again later');
  }
}
