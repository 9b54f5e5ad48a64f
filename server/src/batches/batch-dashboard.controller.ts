import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type BatchRatersResponse,
  type BatchTimelineResponse,
  type ConfusionResponse,
  type GoldItemsResponse,
  IdParam,
  TimelineQuery,
} from '@peel/shared';
import { Roles } from '../auth/auth.decorators';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { BatchDashboardService } from './batch-dashboard.service';

const id = new ZodValidationPipe(IdParam);

/** The batch dashboard's own charts: progress over time, the taxonomy confusion matrix. */
@ApiTags('batches')
@Roles('admin')
@Controller('batches')
export class BatchDashboardController {
  constructor(private readonly dashboard: BatchDashboardService) {}

  @Get(':id/timeline')
  timeline(
    @Param('id', id) batchId: number,
    @Query(new ZodValidationPipe(TimelineQuery)) query: TimelineQuery,
  ): Promise<BatchTimelineResponse> {
    return this.dashboard.timeline(batchId, query.buckets);
  }

  @Get(':id/raters')
  raters(@Param('id', id) batchId: number): Promise<BatchRatersResponse> {
    return this.dashboard.raters(batchId);
  }

  @Get(':id/gold')
  gold(@Param('id', id) batchId: number): Promise<GoldItemsResponse> {
    return this.dashboard.gold(batchId);
  }

  @Get(':id/confusion')
  confusion(@Param('id', id) batchId: number): Promise<ConfusionResponse> {
    return this.dashboard.confusion(batchId);
  }
}
