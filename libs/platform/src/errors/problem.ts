import { HttpException } from '@nestjs/common';

export interface FieldError {
  /** The field as the client sent it, e.g. `phone` or `answers.7`. */
  field: string;
  message: string;
}

/** RFC 9457 problem details, the body of every error Attune returns. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  correlationId?: string;
}

/**
 * The one exception domain code throws for a 4xx. Messages name fields and rules, never client data
 * (no names, phones or addresses): they reach logs and other people's screens.
 */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? title, status);
  }

  static badRequest(detail: string, errors?: FieldError[]) {
    return new Problem(400, 'Bad request', detail, errors);
  }
  static invalid(field: string, message: string) {
    return new Problem(422, 'Unprocessable content', `${field}: ${message}`, [{ field, message }]);
  }
  static unauthorized(detail = 'Authentication required') {
    return new Problem(401, 'Unauthorized', detail);
  }
  static forbidden(detail = 'Not allowed') {
    return new Problem(403, 'Forbidden', detail);
  }
  static notFound(what: string) {
    return new Problem(404, 'Not found', `${what} not found`);
  }
  static conflict(field: string, message: string) {
    return new Problem(409, 'Conflict', `${field}: ${message}`, [{ field, message }]);
  }
  static tooManyRequests(detail = 'Too many attempts; try again later') {
    return new Problem(429, 'Too many requests', detail);
  }
}
