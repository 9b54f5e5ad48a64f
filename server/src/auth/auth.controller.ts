import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import { ChangePasswordBody, type CsrfTokenResponse, type MeResponse } from '@peel/shared';
import { PEEL_CONFIG, type PeelConfig } from '../common/config/config';
import { ReadsBody } from '../common/http/no-body.guard';
import { Public } from '../common/http/public.decorator';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { AuditService } from '../audit/audit.service';
import { toUserResponse } from '../users/user.mapper';
import { type UserEntity } from '../users/user.entity';
import { AllowPendingPasswordChange } from './auth.decorators';
import { AuthService } from './auth.service';
import { issueCsrfToken } from './http-session';
import { LoginGuard } from './login.guard';
import { AttemptThrottleGuard } from './throttle.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    @Inject(PEEL_CONFIG) private readonly config: PeelConfig,
  ) {}

  /** Starts (or keeps) a session and hands out its CSRF token. */
  @Public()
  @Get('csrf')
  csrf(@Req() request: Request, @Res({ passthrough: true }) response: Response): CsrfTokenResponse {
    const token =
      request.session.csrfToken ?? issueCsrfToken(request, response, this.config.secureCookies);
    return { token };
  }

  @Public()
  @ReadsBody()
  @Post('login')
  @HttpCode(200)
  @UseGuards(AttemptThrottleGuard, LoginGuard)
  login(@Req() request: Request, @Res({ passthrough: true }) response: Response): MeResponse {
    issueCsrfToken(request, response, this.config.secureCookies);
    return { user: toUserResponse(request.user as UserEntity) };
  }

  @AllowPendingPasswordChange()
  @Get('me')
  me(@Req() request: Request): MeResponse {
    return { user: toUserResponse(request.user as UserEntity) };
  }

  @AllowPendingPasswordChange()
  @Post('logout')
  @HttpCode(204)
  async logout(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const user = request.user as UserEntity;
    await this.audit.record({ action: 'auth.logout', actorId: user.id, ip: request.ip ?? null });
    await new Promise<void>((resolve, reject) =>
      request.logout((error) => (error ? reject(error) : resolve())),
    );
    await new Promise<void>((resolve) => request.session.destroy(() => resolve()));
    response.clearCookie('peel.sid');
  }

  @AllowPendingPasswordChange()
  @Post('password')
  @HttpCode(204)
  @UseGuards(AttemptThrottleGuard)
  async changePassword(
    @Req() request: Request,
    @Body(new ZodValidationPipe(ChangePasswordBody)) body: ChangePasswordBody,
  ): Promise<void> {
    const user = request.user as UserEntity;
    await this.auth.changePassword(user.id, body, request.sessionID, request.ip ?? null);
  }
}
