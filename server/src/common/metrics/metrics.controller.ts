import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { PEEL_CONFIG, type PeelConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { Public } from '../http/public.decorator';
import { Metrics } from './metrics';

/**
 * `GET /metrics` (outside `/api`, where Prometheus looks): public on the listening port unless
 * `PEEL_METRICS_TOKEN` is set, then only with `Authorization: Bearer <token>`. It exposes counts
 * and latencies only (no user, item or batch data).
 */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(PEEL_CONFIG) private readonly config: PeelConfig,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const token = this.config.metricsToken;
    if (token && !bearerMatches(authorization, token)) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'GET /metrics needs the header Authorization: Bearer <PEEL_METRICS_TOKEN>',
      );
    }
    const { contentType, body } = await this.metrics.render();
    response.setHeader('Cache-Control', 'no-store');
    response.type(contentType).send(body);
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
