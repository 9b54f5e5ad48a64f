import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type AuditPage, AuditQuery } from '@peel/shared';
import { Roles } from '../auth/auth.decorators';
import { ZodValidationPipe } from '../common/validation/zod-validation.pipe';
import { AuditLogRepository } from './audit-log.repository';

/** The audit log (admin): filter by actor, action (or `prefix.`), target and time range. */
@ApiTags('audit')
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly log: AuditLogRepository) {}

  @Get()
  page(@Query(new ZodValidationPipe(AuditQuery)) query: AuditQuery): Promise<AuditPage> {
    return this.log.page(query);
  }
}
