import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type AuditPage, type AuditQuery } from '@peel/shared';
import { likeContains } from '../common/db/keyset';
import { DomainError } from '../common/errors/domain-error';

type Row = Record<string, unknown>;

function badCursor(): never {
  throw new DomainError('VALIDATION_FAILED', 'Invalid request: cursor', [
    { path: 'cursor', message: 'Not a cursor of this list; start again without one' },
  ]);
}

/** The cursor: the last event's exact time (microseconds, UTC) and id, base64url JSON. */
function decode(cursor: string): [string, number] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(key[0]) &&
      Number.isSafeInteger(key[1])
    ) {
      return key as [string, number];
    }
  } catch {
    // fall through
  }
  return badCursor();
}

/** The audit log, newest first, keyset-paged on (at, id). */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(query: AuditQuery): Promise<AuditPage> {
    const params: unknown[] = [];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (query.actor === 'none') where.push('a.actor_id IS NULL');
    else if (query.actor !== undefined) where.push(`a.actor_id = ${add(query.actor)}::int`);
    if (query.action?.endsWith('.')) {
      where.push(`a.action LIKE ${add(likeContains(query.action).slice(1))}`);
    } else if (query.action) {
      where.push(`a.action = ${add(query.action)}`);
    }
    if (query.targetType) where.push(`a.target_type = ${add(query.targetType)}`);
    if (query.targetId) where.push(`a.target_id = ${add(query.targetId)}`);
    if (query.from) where.push(`a.at >= ${add(query.from)}::timestamptz`);
    if (query.to) where.push(`a.at < ${add(query.to)}::timestamptz`);
    if (query.cursor) {
      const [at, id] = decode(query.cursor);
      where.push(`(a.at, a.id) < (${add(at)}::timestamptz, ${add(id)}::bigint)`);
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT a.id, a.at, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key,
              a.actor_id, u.email, a.action, a.target_type, a.target_id, a.ip, a.details
         FROM audit_event a LEFT JOIN app_user u ON u.id = a.actor_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.at DESC, a.id DESC LIMIT ${query.limit + 1}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        id: Number(row.id),
        at: (row.at as Date).toISOString(),
        actor:
          row.actor_id === null
            ? null
            : { id: Number(row.actor_id), email: (row.email as string | null) ?? null },
        action: String(row.action),
        targetType: (row.target_type as string | null) ?? null,
        targetId: (row.target_id as string | null) ?? null,
        ip: (row.ip as string | null) ?? null,
        details: row.details as Record<string, unknown>,
      })),
      nextCursor:
        rows.length > query.limit
          ? Buffer.from(JSON.stringify([last.at_key, Number(last.id)])).toString('base64url')
          : null,
    };
  }
}
