import { z } from 'zod';

const instant = z.iso.datetime({
  offset: true,
  error: 'Give an ISO 8601 time, e.g. 2026-01-31T12:00:00Z',
});

/** `GET /api/audit`: newest first, keyset-paged; every filter optional, all must hold. */
export const AuditQuery = z
  .strictObject({
    /** The acting user's id; `none` for anonymous events (a failed login). */
    actor: z
      .union([z.literal('none'), z.coerce.number().int().positive().max(2_147_483_647)])
      .optional(),
    /** An exact action (`user.deactivated`) or a prefix ending in a dot (`batch.`). */
    action: z.string().trim().min(1).max(100).optional(),
    targetType: z.string().trim().min(1).max(100).optional(),
    targetId: z.string().trim().min(1).max(100).optional(),
    /** Events at or after `from` and before `to`. */
    from: instant.optional(),
    to: instant.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => !query.targetId || query.targetType, {
    path: ['targetId'],
    error: 'Give targetType with targetId',
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    path: ['to'],
    error: 'to must be after from',
  });
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEventResponse = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.object({ id: z.number(), email: z.string().nullable() }).nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventResponse = z.infer<typeof AuditEventResponse>;

export interface AuditPage {
  items: AuditEventResponse[];
  nextCursor: string | null;
}
