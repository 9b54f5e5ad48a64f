import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import {
  ExportFileParam,
  ExportIdParam,
  ExportListQuery,
  type ExportListResponse,
  ExportRequest,
  type ExportSnapshotView,
} from '@peel/shared';
import { Roles } from '../auth/auth.decorators';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { type UserEntity } from '../users/user.entity';
import { ExportsService } from './exports.service';

const idPipe = new ZodValidationPipe(ExportIdParam);

const CONTENT_TYPES: Record<string, string> = {
  jsonl: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  json: 'application/json',
};

/** Export snapshots as background jobs: start, progress, list, download (admins only). */
@ApiTags('exports')
@Roles('admin')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  start(
    @Req() request: Request,
    @Body(new ZodValidationPipe(ExportRequest)) body: ExportRequest,
  ): Promise<ExportSnapshotView> {
    return this.exports.start(body, (request.user as UserEntity).id);
  }

  @Get()
  list(
    @Query(new ZodValidationPipe(ExportListQuery)) query: ExportListQuery,
  ): Promise<ExportListResponse> {
    return this.exports.list(query);
  }

  @Get(':id')
  get(@Param('id', idPipe) id: string): Promise<ExportSnapshotView> {
    return this.exports.get(id);
  }

  @Get(':id/files/:name')
  async file(
    @Param('id', idPipe) id: string,
    @Param('name', new ZodValidationPipe(ExportFileParam)) name: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { stream, size } = await this.exports.file(id, name);
    response.setHeader('Content-Type', CONTENT_TYPES[name.split('.').pop()!]);
    response.setHeader('Content-Length', String(size));
    response.setHeader('Content-Disposition', `attachment; filename="${id.slice(0, 8)}-${name}"`);
    return new StreamableFile(stream);
  }
}
