import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { DataSource } from 'typeorm';
import { migrationState } from '../common/db/migrations';
import { Public } from '../common/http/public.decorator';
import { DATABASE_INFO, type DatabaseInfo } from '../common/db/database.tokens';

/**
 * Liveness and readiness: whether the database answers and the migrations are current; a degraded
 * answer says why in `reason`. While draining for shutdown, every request (readiness included) is
 * answered 503 by `GracefulShutdown`'s middleware before it reaches this controller.
 */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_INFO) private readonly database: DatabaseInfo,
  ) {}

  @Public()
  @Get('health')
  @ApiOkResponse({ description: 'The process is up; database and migration state included' })
  async health() {
    return this.check();
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({
    description: '200 when the database is reachable and migrations are current, else 503',
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    const result = await this.check();
    if (result.status !== 'ok') response.status(503);
    return result;
  }

  private async check() {
    const started = Date.now();
    try {
      await this.dataSource.query('SELECT 1');
      const migrations = await migrationState(this.dataSource);
      return {
        status: migrations.current ? ('ok' as const) : ('degraded' as const),
        ...(migrations.current
          ? {}
          : { reason: `migrations pending: ${migrations.pending.join(', ')}` }),
        database: {
          reachable: true,
          embedded: this.database.embedded,
          latencyMs: Date.now() - started,
        },
        migrations,
      };
    } catch (error) {
      return {
        status: 'degraded' as const,
        reason: `database unreachable: ${(error as Error).message}`,
        database: {
          reachable: false,
          embedded: this.database.embedded,
          error: (error as Error).message,
        },
        migrations: null,
      };
    }
  }
}
