import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import {
  BatchListQuery,
  type BatchListResponse,
  type BatchPreviewResponse,
  type BatchResponse,
  type BatchTransition,
  CreateBatchBody,
  IdParam,
  PreviewBatchBody,
  SetGoldBody,
  SetPriorityBody,
} from '@peel/shared';
import { Roles } from '../auth/auth.decorators';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { type UserEntity } from '../users/user.entity';
import { toBatchResponse } from './batch.mapper';
import { type BatchEntity } from './batch.entity';
import { type Actor, BatchesService } from './batches.service';

const id = new ZodValidationPipe(IdParam);

function actor(request: Request): Actor {
  return { id: (request.user as UserEntity).id, ip: request.ip ?? null };
}

/** Batches, for admins: preview, create, lifecycle, gold items, raters. */
@ApiTags('batches')
@Roles('admin')
@Controller('batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  @Post('preview')
  @HttpCode(200)
  preview(
    @Body(new ZodValidationPipe(PreviewBatchBody)) body: PreviewBatchBody,
  ): Promise<BatchPreviewResponse> {
    return this.batches.preview(body);
  }

  @Post()
  async create(
    @Req() request: Request,
    @Body(new ZodValidationPipe(CreateBatchBody)) body: CreateBatchBody,
  ): Promise<BatchResponse> {
    const batch = await this.batches.create(body, actor(request));
    return await this.respond(batch);
  }

  /** One page of the batch table: filtered and sorted by the server, with progress and ETA. */
  @Get()
  list(
    @Query(new ZodValidationPipe(BatchListQuery)) query: BatchListQuery,
  ): Promise<BatchListResponse> {
    return this.batches.list(query);
  }

  @Get(':id')
  async get(@Param('id', id) batchId: number): Promise<BatchResponse> {
    const batch = await this.batches.get(batchId);
    return await this.respond(batch);
  }

  @Post(':id/activate')
  @HttpCode(200)
  activate(@Req() request: Request, @Param('id', id) batchId: number): Promise<BatchResponse> {
    return this.transition(request, batchId, 'activate');
  }

  @Post(':id/pause')
  @HttpCode(200)
  pause(@Req() request: Request, @Param('id', id) batchId: number): Promise<BatchResponse> {
    return this.transition(request, batchId, 'pause');
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@Req() request: Request, @Param('id', id) batchId: number): Promise<BatchResponse> {
    return this.transition(request, batchId, 'resume');
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(@Req() request: Request, @Param('id', id) batchId: number): Promise<BatchResponse> {
    return this.transition(request, batchId, 'complete');
  }

  @Post(':id/archive')
  @HttpCode(200)
  archive(@Req() request: Request, @Param('id', id) batchId: number): Promise<BatchResponse> {
    return this.transition(request, batchId, 'archive');
  }

  private async transition(
    request: Request,
    batchId: number,
    action: BatchTransition,
  ): Promise<BatchResponse> {
    const batch = await this.batches.transition(batchId, action, actor(request));
    return await this.respond(batch);
  }

  @Post(':id/items/:itemId/gold')
  @HttpCode(204)
  async setGold(
    @Req() request: Request,
    @Param('id', id) batchId: number,
    @Param('itemId', id) itemId: number,
    @Body(new ZodValidationPipe(SetGoldBody)) body: SetGoldBody,
  ): Promise<void> {
    await this.batches.setGold(batchId, itemId, body, actor(request));
  }

  @Post(':id/items/:itemId/gold/promote')
  @HttpCode(200)
  async promoteGold(
    @Req() request: Request,
    @Param('id', id) batchId: number,
    @Param('itemId', id) itemId: number,
  ): Promise<{ expected: Record<string, string> }> {
    return { expected: await this.batches.promoteGold(batchId, itemId, actor(request)) };
  }

  @Delete(':id/items/:itemId/gold')
  @HttpCode(204)
  async unsetGold(
    @Req() request: Request,
    @Param('id', id) batchId: number,
    @Param('itemId', id) itemId: number,
  ): Promise<void> {
    await this.batches.unsetGold(batchId, itemId, actor(request));
  }

  @Post(':id/items/:itemId/priority')
  @HttpCode(204)
  async setPriority(
    @Req() request: Request,
    @Param('id', id) batchId: number,
    @Param('itemId', id) itemId: number,
    @Body(new ZodValidationPipe(SetPriorityBody)) body: SetPriorityBody,
  ): Promise<void> {
    await this.batches.setPriority(batchId, itemId, body.priority, actor(request));
  }

  @Post(':id/raters/:userId/pause')
  @HttpCode(204)
  async pauseRater(
    @Req() request: Request,
    @Param('id', id) batchId: number,
    @Param('userId', id) userId: number,
  ) {
    await this.batches.setRaterPaused(batchId, userId, true, actor(request));
  }

  @Post(':id/raters/:userId/unpause')
  @HttpCode(204)
  async unpauseRater(
    @Req() request: Request,
    @Param('id', id) batchId: number,
    @Param('userId', id) userId: number,
  ) {
    await this.batches.setRaterPaused(batchId, userId, false, actor(request));
  }

  private async respond(batch: BatchEntity): Promise<BatchResponse> {
    const totals = await this.batches.totals([batch.id]);
    return toBatchResponse(batch, await this.batches.raterIds(batch), totals.get(batch.id)!);
  }
}
