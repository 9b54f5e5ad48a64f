import { type ErrorCode, type ErrorIssue } from '@peel/shared';

/** A failure the API reports to the client by code; the exception filter maps it to HTTP. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
  }
}
