import { type Client } from 'pg';
import { hashPassword } from '../../server/src/auth/password';

/**
 * `n` preference pairs in a fresh database, written with set-based SQL (the importer has its own
 * benchmark): n sources, n chosen edits, n rejected attempts, n dataset pairs, one import row.
 */
export async function seedPairs(client: Client, n: number): Promise<number> {
  const [{ id }] = (
    await client.query(
      `INSERT INTO dataset_import (source, kind, status, lines_read, inserted)
       VALUES ('bench:queue', 'preference', 'completed', $1, $1) RETURNING id`,
      [n],
    )
  ).rows;
  await client.query(
    `INSERT INTO source_image (url) SELECT 'https://bench.invalid/src/' || g || '_o.jpg' FROM generate_series(1, $1) g`,
    [n],
  );
  for (const [prefix, origin] of [
    ['positive-edit', 'preference_chosen'],
    ['negative-edit', 'preference_rejected'],
  ]) {
    await client.query(
      `INSERT INTO edit (image, source_image_id, instruction, summarized_instruction, edit_type_id, origin, import_id)
       SELECT 'images/${prefix}/b' || g || '.png', s.id, 'Make scene ' || g || ' warmer, keeping everything else',
              'warmer ' || g, 1 + g % 35, '${origin}', $2
         FROM generate_series(1, $1) g JOIN source_image s ON s.url = 'https://bench.invalid/src/' || g || '_o.jpg'`,
      [n, id],
    );
  }
  await client.query(
    `INSERT INTO edit_pair (first_edit_id, second_edit_id, origin, import_id)
     SELECT c.id, r.id, 'dataset', $2
       FROM generate_series(1, $1) g
       JOIN edit c ON c.image = 'images/positive-edit/b' || g || '.png'
       JOIN edit r ON r.image = 'images/negative-edit/b' || g || '.png'`,
    [n, id],
  );
  await client.query('ANALYZE');
  return Number(id);
}

export const BENCH_PASSWORD = 'bench-password-123';

/** `count` annotators sharing one password hash (hashing once keeps setup fast). */
export async function seedRaters(
  client: Client,
  prefix: string,
  count: number,
): Promise<{ id: number; email: string }[]> {
  const hash = await hashPassword(BENCH_PASSWORD);
  const { rows } = await client.query(
    `INSERT INTO app_user (email, password_hash, role)
     SELECT $1 || g || '@bench.invalid', $2, 'annotator' FROM generate_series(1, $3) g RETURNING id, email`,
    [prefix, hash, count],
  );
  return rows;
}
