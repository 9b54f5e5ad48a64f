import { z } from 'zod';

export const HEALTH_STATUSES = ['ok', 'degraded'] as const;

/**
 * `GET /api/health` (public). The database and migration parts are open records for now: the
 * server defines their fields; the client only shows them.
 */
export const HealthResponse = z.object({
  status: z.enum(HEALTH_STATUSES),
  /** Why the status is degraded (pending migrations, an unreachable database); absent when ok. */
  reason: z.string().optional(),
  database: z.record(z.string(), z.unknown()),
  migrations: z.record(z.string(), z.unknown()),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
