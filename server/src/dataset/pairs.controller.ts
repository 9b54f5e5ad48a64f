import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import { CreatePairBody } from '@peel/shared';
import { Roles } from '../auth/auth.decorators';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { type UserEntity } from '../users/user.entity';
import { PairsService } from './pairs.service';

/** Admin-made pairs: any two edits of the same source image and instruction. */
@ApiTags('dataset')
@Roles('admin')
@Controller('pairs')
export class PairsController {
  constructor(private readonly pairs: PairsService) {}

  @Post()
  async create(
    @Req() request: Request,
    @Body(new ZodValidationPipe(CreatePairBody)) body: CreatePairBody,
  ) {
    const user = request.user as UserEntity;
    return this.pairs.create(body, { id: user.id, ip: request.ip ?? null });
  }
}
