import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate, ValidateIf } from 'class-validator';

/**
 * `@IsOptional()` also lets `null` through; for fields that cannot be cleared, absent is fine but
 * `null` must fail validation (400 naming the field) instead of reaching a NOT NULL column.
 */
export const OptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** An instant must say its offset: "2026-03-08T09:00" alone would be read in the server's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with a UTC offset, turned into a Date. */
export const IsInstant = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value)) ? new Date(value) : value)),
    IsDate({ message: '$property must be an ISO 8601 instant with a UTC offset, e.g. 2026-03-08T09:00:00-06:00' }),
  );
