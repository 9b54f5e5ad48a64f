import { type ErrorIssue } from '@peel/shared';
import { isApiError } from './api';

/** First message per field, keyed by the issue path (`email`, `answers.overall`). */
export type FieldErrors = Partial<Record<string, string>>;

export function fieldErrorsFromIssues(
  issues: ReadonlyArray<{ path: string; message: string }>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[issue.path] ??= issue.message;
  return errors;
}

/** The field errors a failed call carries (a 400 `VALIDATION_FAILED` with `issues`). */
export function fieldErrorsFromError(error: unknown): FieldErrors {
  return isApiError(error) ? fieldErrorsFromIssues(error.issues) : {};
}

type SafeParser<T> = {
  safeParse(input: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> };
      };
};

/**
 * Checks form input against a shared contract schema before it is sent, so the form shows the
 * same messages the server would answer with, without the round trip.
 */
export function validate<T>(
  schema: SafeParser<T>,
  input: unknown,
): { ok: true; data: T } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const issues: ErrorIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return { ok: false, errors: fieldErrorsFromIssues(issues) };
}

export function hasFieldErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

/** A sentence for a failed call that a form or page shows when it has nothing more specific. */
export function errorMessage(error: unknown): string {
  if (!isApiError(error)) return 'Something went wrong. Try again.';
  switch (error.code) {
    case 'NETWORK_ERROR':
      return error.message;
    case 'VALIDATION_FAILED':
      return 'Some fields need attention.';
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Sign in again.';
    case 'FORBIDDEN':
      return 'You do not have permission to do that.';
    case 'TOO_MANY_REQUESTS':
      return error.retryAfterSeconds
        ? `Too many attempts. Wait ${error.retryAfterSeconds} seconds and try again.`
        : 'Too many attempts. Wait a minute and try again.';
    case 'INTERNAL':
      return 'Something went wrong on the server. Try again; if it keeps happening, tell an admin.';
    case 'SERVICE_UNAVAILABLE':
      return 'The server is not available right now. Try again in a moment.';
    default:
      return error.message;
  }
}

/** Moves focus to the first field (in page order) that has an error, so it is read out. */
export function focusFirstError(form: HTMLFormElement, errors: FieldErrors): void {
  for (const element of Array.from(form.elements)) {
    const name = element.getAttribute('name');
    if (name && errors[name] && element instanceof HTMLElement) {
      element.focus();
      return;
    }
  }
}
