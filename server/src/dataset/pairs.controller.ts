import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import { DataSource } from 'typeorm';
import { CreatePairBody } from '@peel/shared';
import { AuditService } from '../audit/audit.service';
import { Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/errors/domain-error';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { type UserEntity } from '../users/user.entity';

/** Admin-made pairs: any two edits of the same source image and instruction. */
@ApiTags('dataset')
@Roles('admin')
@Controller('pairs')
export class PairsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Post()
  async create(
    @Req() request: Request,
    @Body(new ZodValidationPipe(CreatePairBody)) body: CreatePairBody,
  ) {
    if (body.firstEditId === body.secondEditId) {
      throw new DomainError('VALIDATION_FAILED', 'A pair needs two different edits', [
        { path: 'secondEditId', message: 'Same edit as firstEditId' },
      ]);
    }
    const edits: { id: string; source_image_id: string; instruction: string }[] =
      await this.dataSource.query(
        `SELECT id, source_image_id, instruction FROM edit WHERE id = ANY($1::bigint[])`,
        [[body.firstEditId, body.secondEditId]],
      );
    for (const field of ['firstEditId', 'secondEditId'] as const) {
      if (!edits.some((edit) => Number(edit.id) === body[field])) {
        throw new DomainError('NOT_FOUND', `No edit with id ${body[field]}`, [
          { path: field, message: 'No such edit' },
        ]);
      }
    }
    const [a, b] = edits;
    if (a.source_image_id !== b.source_image_id || a.instruction !== b.instruction) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'The two edits must share the source image and the instruction',
        [{ path: 'secondEditId', message: 'Different source image or instruction' }],
      );
    }
    const rows = await this.dataSource.query(
      `INSERT INTO edit_pair (first_edit_id, second_edit_id, origin) VALUES ($1, $2, 'admin')
       ON CONFLICT (first_edit_id, second_edit_id) DO NOTHING RETURNING id`,
      [body.firstEditId, body.secondEditId],
    );
    if (rows.length === 0) throw new DomainError('CONFLICT', 'This pair already exists');
    const user = request.user as UserEntity;
    await this.audit.record({
      action: 'pair.created',
      actorId: user.id,
      targetType: 'edit_pair',
      targetId: rows[0].id,
      ip: request.ip ?? null,
    });
    return { id: Number(rows[0].id), ...body };
  }
}
