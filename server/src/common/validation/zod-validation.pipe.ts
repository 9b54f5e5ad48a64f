import { type PipeTransform } from '@nestjs/common';
import { type ZodType } from 'zod';
import { DomainError } from '../errors/domain-error';

/** Validates a body, query or param with a shared zod schema; a failure is a 400 naming each field. */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown): T {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    }));
    const fields = [...new Set(issues.map((issue) => issue.path))].join(', ');
    throw new DomainError('VALIDATION_FAILED', `Invalid request: ${fields}`, issues);
  }
}
