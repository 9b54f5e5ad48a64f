import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { type Response } from 'express';
import { DomainError } from '../common/errors/domain-error';

/**
 * The throttler on the routes that guess secrets (login, password change): per client IP and per
 * account (module options). A refused attempt is a 429 `TOO_MANY_REQUESTS` with the standard
 * `Retry-After` header (seconds) that any client understands, besides the per-limit
 * `Retry-After-ip` / `Retry-After-account`.
 */
@Injectable()
export class AttemptThrottleGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `Too many attempts: try again in ${seconds} second${seconds === 1 ? '' : 's'}`,
    );
  }
}
