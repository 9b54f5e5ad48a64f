import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import {
  AdjudicateBody,
  type AdjudicationResponse,
  AdjudicationsQuery,
  type BatchItemDetail,
  IdParam,
} from '@peel/shared';
import { Roles } from '../auth/auth.decorators';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { type UserEntity } from '../users/user.entity';
import { type Actor, AdjudicationService } from './adjudication.service';

const id = new ZodValidationPipe(IdParam);

function actor(request: Request): Actor {
  return { id: (request.user as UserEntity).id, ip: request.ip ?? null };
}

/** A batch item with every judgment (and its reason) and skip, and the admin's final answer. */
@ApiTags('adjudication')
@Roles('admin')
@Controller('batches/:id')
export class AdjudicationController {
  constructor(private readonly adjudication: AdjudicationService) {}

  @Get('items/:itemId')
  detail(
    @Param('id', id) batchId: number,
    @Param('itemId', id) itemId: number,
  ): Promise<BatchItemDetail> {
    return this.adjudication.detail(batchId, itemId);
  }

  @Put('items/:itemId/adjudication')
  adjudicate(
    @Req() request: Request,
    @Param('id', id) batchId: number,
    @Param('itemId', id) itemId: number,
    @Body(new ZodValidationPipe(AdjudicateBody)) body: AdjudicateBody,
  ): Promise<AdjudicationResponse> {
    return this.adjudication.adjudicate(batchId, itemId, body, actor(request));
  }

  @Delete('items/:itemId/adjudication')
  @HttpCode(204)
  async remove(
    @Req() request: Request,
    @Param('id', id) batchId: number,
    @Param('itemId', id) itemId: number,
  ): Promise<void> {
    await this.adjudication.remove(batchId, itemId, actor(request));
  }

  @Get('adjudications')
  list(
    @Param('id', id) batchId: number,
    @Query(new ZodValidationPipe(AdjudicationsQuery)) query: AdjudicationsQuery,
  ): Promise<{ items: AdjudicationResponse[]; next: number | null }> {
    return this.adjudication.list(batchId, query);
  }
}
