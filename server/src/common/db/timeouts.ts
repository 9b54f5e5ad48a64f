/**
 * Lifts the pool's statement and lock timeouts for the current transaction only: for the long
 * jobs that legitimately run or wait long (an import's merge, an agreement computation queued
 * behind another instance's), not for request handling.
 */
export async function liftTimeouts(query: (sql: string) => Promise<unknown>): Promise<void> {
  await query(`SET LOCAL statement_timeout = 0`);
  await query(`SET LOCAL lock_timeout = 0`);
}
