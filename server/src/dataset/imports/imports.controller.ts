import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import {
  IdParam,
  type ImportDetail,
  ImportListQuery,
  type ImportListResponse,
  UrlImportBody,
} from '@peel/shared';
import { Roles } from '../../auth/auth.decorators';
import { ReadsBody } from '../../common/http/no-body.guard';
import { ZodValidationPipe } from '../../common/validation/zod-validation.pipe';
import { type UserEntity } from '../../users/user.entity';
import { type Actor, ImportsService } from './imports.service';

function actor(request: Request): Actor {
  return { id: (request.user as UserEntity).id, ip: request.ip ?? null };
}

/**
 * Dataset imports (admin): upload a JSONL (multipart, streamed) or name a URL; the import runs in
 * the background and `GET /api/imports/:id` reports its progress, then its result and problems.
 */
@ApiTags('imports')
@Roles('admin')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /**
   * multipart/form-data: optional fields `kind` and `strict` first, then the `file`. Answers 202
   * once the file has arrived (the import may still be merging), 422 when the file was refused.
   */
  @Post('upload')
  @ReadsBody() // the multipart stream, read by the service; a JSON body is its 415
  @HttpCode(202)
  upload(@Req() request: Request): Promise<ImportDetail> {
    return this.imports.upload(request, actor(request));
  }

  @Post('url')
  @HttpCode(202)
  fromUrl(
    @Req() request: Request,
    @Body(new ZodValidationPipe(UrlImportBody)) body: UrlImportBody,
  ): Promise<ImportDetail> {
    return this.imports.fromUrl(body, actor(request));
  }

  @Get()
  list(
    @Query(new ZodValidationPipe(ImportListQuery)) query: ImportListQuery,
  ): Promise<ImportListResponse> {
    return this.imports.list(query);
  }

  @Get(':id')
  get(@Param('id', new ZodValidationPipe(IdParam)) id: number): Promise<ImportDetail> {
    return this.imports.get(id);
  }
}
