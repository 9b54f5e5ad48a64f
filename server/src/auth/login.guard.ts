import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { type Request } from 'express';
import { LoginBody } from '@peel/shared';
import { DomainError } from '../common/errors/domain-error';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { INVALID_CREDENTIALS } from './auth.service';

const validate = new ZodValidationPipe(LoginBody);

/**
 * The login route: a malformed body is a 400 naming the field (before passport sees it), bad
 * credentials a 401 that never says which part was wrong, success a fresh session (passport
 * regenerates the session id on login, so a planted session id is useless).
 */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    request.body = validate.transform(request.body);
    const ok = (await super.canActivate(context)) as boolean;
    await super.logIn(request);
    return ok;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new DomainError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    return user;
  }
}
