import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import { type Request } from 'express';
import { DomainError } from '../errors/domain-error';

const READS_BODY = 'peel:reads-body';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Marks a route that reads `request.body` itself (a guard does, as login's), not via @Body(). */
export const ReadsBody = () => SetMetadata(READS_BODY, true);

function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  if (typeof body !== 'object' || Array.isArray(body)) return false;
  return Object.keys(body).length === 0 && Object.getPrototypeOf(body) === Object.prototype;
}

/**
 * Global: a write route that reads no body refuses one (400), so that a client sending fields a route
 * does not take (a reason to a deactivation, a role to a pause) learns it instead of being
 * silently ignored. No body or `{}` is fine.
 */
@Injectable()
export class NoBodyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (READ_METHODS.has(request.method) || isEmptyBody(request.body)) return true;
    const handler = context.getHandler();
    if (this.reflector.getAllAndOverride<boolean>(READS_BODY, [handler, context.getClass()]))
      return true;
    const args: Record<string, unknown> =
      Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {};
    const takesBody = Object.keys(args).some(
      (key) => Number(key.split(':')[0]) === Number(RouteParamtypes.BODY),
    );
    if (takesBody) return true;
    throw new DomainError('VALIDATION_FAILED', 'This request takes no body', [
      { path: '(body)', message: 'Send no body' },
    ]);
  }
}
