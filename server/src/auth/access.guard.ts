import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Request } from 'express';
import { type UserRole } from '@peel/shared';
import { DomainError } from '../common/errors/domain-error';
import { IS_PUBLIC } from '../common/http/public.decorator';
import { type UserEntity } from '../users/user.entity';
import { ALLOW_PENDING_PASSWORD, ROLES } from './auth.decorators';

/**
 * Global: every route needs a signed-in, active user unless it is @Public(); @Roles() narrows it;
 * a user who must change their password reaches only the routes that allow it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const user = context.switchToHttp().getRequest<Request>().user as UserEntity | undefined;
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue');
    const pendingAllowed = this.reflector.getAllAndOverride<boolean>(
      ALLOW_PENDING_PASSWORD,
      targets,
    );
    if (user.mustChangePassword && !pendingAllowed) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'Change your password to continue');
    }
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new DomainError('FORBIDDEN', 'You do not have access to this');
    }
    return true;
  }
}
