import { createHmac, randomBytes } from 'node:crypto';
import { type EntityManager } from 'typeorm';

const KEY = 'export_pseudonym_key';

/** The installation's pseudonym key (created once, kept in `app_setting`). */
export async function pseudonymKey(manager: Pick<EntityManager, 'query'>): Promise<string> {
  await manager.query(
    `INSERT INTO app_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
    [KEY, randomBytes(32).toString('base64url')],
  );
  const [row] = await manager.query(`SELECT value FROM app_setting WHERE key = $1`, [KEY]);
  return row.value as string;
}

/** Rater pseudonyms: HMAC-SHA256 of the user id, stable across the snapshots of one installation. */
export class Pseudonyms {
  private readonly cache = new Map<number, string>();

  constructor(private readonly key: string) {}

  of(userId: number): string {
    let name = this.cache.get(userId);
    if (name === undefined) {
      name = `r_${createHmac('sha256', this.key).update(String(userId)).digest('hex').slice(0, 16)}`;
      this.cache.set(userId, name);
    }
    return name;
  }
}
