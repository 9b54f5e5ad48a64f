import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Request } from 'express';
import {
  CreateUserBody,
  ResetPasswordBody,
  UpdateUserBody,
  UserIdParam,
  type UserListResponse,
  type UserResponse,
} from '@peel/shared';
import { Roles } from '../auth/auth.decorators';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { type UserEntity } from './user.entity';
import { toUserResponse } from './user.mapper';
import { type Actor, UsersService } from './users.service';

function actorOf(request: Request): Actor {
  return { id: (request.user as UserEntity).id, ip: request.ip ?? null };
}

const idPipe = new ZodValidationPipe(UserIdParam);

@ApiTags('users')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(): Promise<UserListResponse> {
    return { items: (await this.users.list()).map(toUserResponse) };
  }

  @Post()
  async create(
    @Req() request: Request,
    @Body(new ZodValidationPipe(CreateUserBody)) body: CreateUserBody,
  ): Promise<UserResponse> {
    return toUserResponse(
      await this.users.create(body, actorOf(request), { mustChangePassword: true }),
    );
  }

  @Patch(':id')
  async update(
    @Req() request: Request,
    @Param('id', idPipe) id: number,
    @Body(new ZodValidationPipe(UpdateUserBody)) body: UpdateUserBody,
  ): Promise<UserResponse> {
    return toUserResponse(await this.users.update(id, body, actorOf(request)));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  async deactivate(
    @Req() request: Request,
    @Param('id', idPipe) id: number,
  ): Promise<UserResponse> {
    return toUserResponse(await this.users.setActive(id, false, actorOf(request)));
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  async reactivate(
    @Req() request: Request,
    @Param('id', idPipe) id: number,
  ): Promise<UserResponse> {
    return toUserResponse(await this.users.setActive(id, true, actorOf(request)));
  }

  @Post(':id/reset-password')
  @HttpCode(204)
  async resetPassword(
    @Req() request: Request,
    @Param('id', idPipe) id: number,
    @Body(new ZodValidationPipe(ResetPasswordBody)) body: ResetPasswordBody,
  ): Promise<void> {
    await this.users.resetPassword(id, body.newPassword, actorOf(request));
  }
}
