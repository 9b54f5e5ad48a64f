import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import { z } from 'zod';
import {
  IdParam,
  type JudgmentResponse,
  type NextTaskResponse,
  type RaterBatchSummary,
  type RaterProgress,
  ReviseJudgmentBody,
  SkipBody,
  SubmitJudgmentBody,
} from '@peel/shared';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { JudgmentsService } from '../judgments/judgments.service';
import { type UserEntity } from '../users/user.entity';
import { QueueService } from './queue.service';
import { RaterBatchesService } from './rater-batches.service';

const id = new ZodValidationPipe(IdParam);
const Limit = z.coerce.number().int().min(1).max(200).default(20);
const ReportImageBody = z.strictObject({
  url: z.string().min(1).max(2000),
  assignmentId: z.number().int().positive().optional(),
});

function raterId(request: Request): number {
  return (request.user as UserEntity).id;
}

/** The rater's API: batches open to me, the next tasks, submit, heartbeat, skip, undo. */
@ApiTags('queue')
@Controller()
export class QueueController {
  constructor(
    private readonly queue: QueueService,
    private readonly judgments: JudgmentsService,
    private readonly raterBatches: RaterBatchesService,
  ) {}

  @Get('rater/batches')
  async myBatches(@Req() request: Request): Promise<{ items: RaterBatchSummary[] }> {
    return { items: await this.raterBatches.open(raterId(request)) };
  }

  @Post('batches/:id/next')
  @HttpCode(200)
  next(@Req() request: Request, @Param('id', id) batchId: number): Promise<NextTaskResponse> {
    return this.queue.next(batchId, raterId(request));
  }

  @Get('batches/:id/progress')
  progress(@Req() request: Request, @Param('id', id) batchId: number): Promise<RaterProgress> {
    return this.raterBatches.progress(batchId, raterId(request));
  }

  @Get('batches/:id/judgments/mine')
  async mine(
    @Req() request: Request,
    @Param('id', id) batchId: number,
    @Query('limit', new ZodValidationPipe(Limit)) limit: number,
  ): Promise<{ items: JudgmentResponse[] }> {
    return { items: await this.judgments.mine(batchId, raterId(request), limit) };
  }

  /** 201 with the new judgment; 200 with the first result when the submission id repeats. */
  @Post('assignments/:id/judgment')
  async submit(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Param('id', id) assignmentId: number,
    @Body(new ZodValidationPipe(SubmitJudgmentBody)) body: SubmitJudgmentBody,
  ): Promise<{ judgment: JudgmentResponse; progress: RaterProgress }> {
    const result = await this.judgments.submit(assignmentId, raterId(request), body);
    response.status(result.created ? 201 : 200);
    return { judgment: result.judgment, progress: result.progress };
  }

  @Post('assignments/:id/heartbeat')
  @HttpCode(200)
  heartbeat(
    @Req() request: Request,
    @Param('id', id) assignmentId: number,
  ): Promise<{ expiresAt: string }> {
    return this.queue.heartbeat(assignmentId, raterId(request));
  }

  @Post('assignments/:id/skip')
  @HttpCode(200)
  skip(
    @Req() request: Request,
    @Param('id', id) assignmentId: number,
    @Body(new ZodValidationPipe(SkipBody)) body: SkipBody,
  ): Promise<RaterProgress> {
    return this.queue.skip(assignmentId, raterId(request), body);
  }

  @Put('judgments/:id')
  revise(
    @Req() request: Request,
    @Param('id', id) judgmentId: number,
    @Body(new ZodValidationPipe(ReviseJudgmentBody)) body: ReviseJudgmentBody,
  ): Promise<JudgmentResponse> {
    return this.judgments.revise(judgmentId, raterId(request), body);
  }

  @Post('images/report')
  @HttpCode(204)
  async reportImage(
    @Req() request: Request,
    @Body(new ZodValidationPipe(ReportImageBody)) body: z.infer<typeof ReportImageBody>,
  ): Promise<void> {
    await this.raterBatches.reportBrokenImage(
      raterId(request),
      body.url,
      body.assignmentId,
      request.ip ?? null,
    );
  }
}
