import { type ThrottlerStorage } from '@nestjs/throttler';
import { type ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { type DataSource } from 'typeorm';

/**
 * Rate-limit counters in PostgreSQL (fixed windows), so that every instance behind a load balancer
 * counts the same login attempts. One upsert per check; a key over its limit stays blocked until
 * its window ends.
 */
export class PgThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly dataSource: DataSource) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [row] = await this.dataSource.query(
      `INSERT INTO rate_limit (key, hits, expires_at)
       VALUES ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limit.expires_at <= clock_timestamp() THEN 1 ELSE rate_limit.hits + 1 END,
         expires_at = CASE WHEN rate_limit.expires_at <= clock_timestamp()
                           THEN EXCLUDED.expires_at ELSE rate_limit.expires_at END
       RETURNING hits, GREATEST(0, ceil(extract(epoch FROM expires_at - clock_timestamp())))::int AS ttl`,
      [`${throttlerName}:${key}`, ttl],
    );
    if (Math.random() < 0.01) {
      await this.dataSource.query(
        `DELETE FROM rate_limit WHERE expires_at < clock_timestamp() - interval '1 hour'`,
      );
    }
    const isBlocked = row.hits > limit;
    return {
      totalHits: row.hits,
      timeToExpire: row.ttl,
      isBlocked,
      timeToBlockExpire: isBlocked ? row.ttl : 0,
    };
  }
}
