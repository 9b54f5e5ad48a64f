import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type Request } from 'express';
import { DataSource } from 'typeorm';
import { PEEL_CONFIG, type PeelConfig } from '../common/config/config';
import { UserEntity } from '../users/user.entity';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';
import { PgThrottlerStorage } from './pg-throttler.storage';
import { SessionSerializer } from './session.serializer';

function emailOf(request: Request): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '(none)';
}

@Module({
  imports: [
    PassportModule.register({ session: true }),
    TypeOrmModule.forFeature([UserEntity]),
    ThrottlerModule.forRootAsync({
      inject: [PEEL_CONFIG, DataSource],
      useFactory: (config: PeelConfig, dataSource: DataSource) => ({
        // Login only (the guard is applied to that route): per client IP and per account.
        throttlers: [
          { name: 'ip', ttl: 60_000, limit: config.loginLimitPerIp },
          {
            name: 'account',
            ttl: 15 * 60_000,
            limit: config.loginLimitPerAccount,
            getTracker: (request: Record<string, unknown>) =>
              emailOf(request as unknown as Request),
          },
        ],
        storage: new PgThrottlerStorage(dataSource),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    LocalStrategy,
    SessionSerializer,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
