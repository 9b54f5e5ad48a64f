import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import {
  type DatasetPage,
  type DatasetPageQuery,
  type EditDetail,
  type EditRow,
  IdParam,
  type PairDetail,
  type PairRow,
  type SessionDetail,
  type SessionRow,
  ThumbnailQuery,
} from '@peel/shared';
import { Roles } from '../../auth/auth.decorators';
import { ZodValidationPipe } from '../../common/validation/zod-validation.pipe';
import { DatasetBrowseRepository } from './dataset-browse.repository';
import { DatasetQueryPipe } from './dataset-query.pipe';
import { ThumbnailService } from './thumbnails';

const id = new ZodValidationPipe(IdParam);

/** The dataset browser (admin): keyset pages of edits, pairs and sessions, item pages, thumbnails. */
@ApiTags('dataset')
@Roles('admin')
@Controller('dataset')
export class DatasetController {
  constructor(
    private readonly browse: DatasetBrowseRepository,
    private readonly thumbnails: ThumbnailService,
  ) {}

  @Get('edits')
  edits(
    @Query(new DatasetQueryPipe('edits')) query: DatasetPageQuery,
  ): Promise<DatasetPage<EditRow>> {
    return this.browse.page('edits', query);
  }

  @Get('pairs')
  pairs(
    @Query(new DatasetQueryPipe('pairs')) query: DatasetPageQuery,
  ): Promise<DatasetPage<PairRow>> {
    return this.browse.page('pairs', query);
  }

  @Get('sessions')
  sessions(
    @Query(new DatasetQueryPipe('sessions')) query: DatasetPageQuery,
  ): Promise<DatasetPage<SessionRow>> {
    return this.browse.page('sessions', query);
  }

  @Get('edits/:id')
  edit(@Param('id', id) editId: number): Promise<EditDetail> {
    return this.browse.edit(editId);
  }

  @Get('pairs/:id')
  pair(@Param('id', id) pairId: number): Promise<PairDetail> {
    return this.browse.pair(pairId);
  }

  @Get('sessions/:id')
  session(@Param('id', id) sessionId: number): Promise<SessionDetail> {
    return this.browse.session(sessionId);
  }

  @Get('thumbnail')
  async thumbnail(
    @Query(new ZodValidationPipe(ThumbnailQuery)) query: ThumbnailQuery,
    @Res() response: Response,
  ): Promise<void> {
    const thumbnail = await this.thumbnails.thumbnail(query.image);
    if ('redirect' in thumbnail) return response.redirect(302, thumbnail.redirect);
    response.setHeader('Cache-Control', 'private, max-age=86400');
    response.type('image/webp');
    response.sendFile(thumbnail.file);
  }
}
