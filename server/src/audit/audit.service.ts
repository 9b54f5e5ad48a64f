import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

export interface AuditInput {
  action: string;
  actorId?: number | null;
  targetType?: string;
  targetId?: string | number;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Appends audit events; pass the transaction's manager to record inside a use case's transaction. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(event: AuditInput, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AuditEventEntity, {
      action: event.action,
      actorId: event.actorId ?? null,
      targetType: event.targetType ?? null,
      targetId: event.targetId === undefined ? null : String(event.targetId),
      ip: event.ip ?? null,
      details: (event.details ?? {}) as object,
    });
  }
}
