import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createTestApp } from '../app';
import { type SignedIn } from '../http';
import { queryParamsByRoute } from './query-params';
import { READ_ROUTES } from './read-routes';
import {
  buildWorld,
  changedTables,
  isWrite,
  pathOf,
  pathParams,
  registeredRoutes,
  sessionOf,
  snapshotTables,
  type Caller,
  type TableState,
  type World,
} from './security-world';
import { WRITE_ROUTES } from './write-routes';

/** Values that break naive SQL, LIKE patterns, number parsing, encodings or lengths. */
const HOSTILE = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '"; DROP TABLE app_user; --',
  '1; DELETE FROM batch; --',
  '1) OR (1=1',
  '1 UNION SELECT password_hash FROM app_user',
  "'",
  '"',
  '`',
  '\\',
  '\\\\x00',
  '%',
  '_',
  '%_%',
  '$1',
  '\u0000',
  'a\u0000b',
  '\u0001\u001f\u007f',
  'x'.repeat(4000),
  '𝕏😀',
  'é',
  '\u202e\u200b',
  '\uffff',
  '-1',
  '0',
  '1.5',
  '1e309',
  '9'.repeat(40),
  'NaN',
  'Infinity',
  'null',
  '[]',
  '{}',
  ' ',
  '',
  '../../etc/passwd',
  '<script>alert(1)</script>',
];

/** Already-encoded forms: bad percent-escapes and invalid UTF-8 (a lone surrogate, 0xFF). */
const RAW = ['%', '%zz', '%ED%A0%80', '%FF%FE', '%C0%AF', '%00'];

/**
 * Whether every listed row contains the decoded, trimmed search term (case-insensitively), so a
 * term that legitimately matches more rows than the baseline's is told from an injected one. A
 * term that does not decode matches nothing; a blank one means no filter.
 */
function matchesSearch(
  body: unknown,
  text: (item: Record<string, unknown>) => string,
  encoded: string | undefined,
): boolean {
  let term: string;
  try {
    term = decodeURIComponent(encoded ?? '')
      .trim()
      .toLowerCase();
  } catch {
    return false;
  }
  const items = (body as { items?: Record<string, unknown>[] }).items ?? [];
  return items.every((item) => text(item).toLowerCase().includes(term));
}

function encodedValues(): string[] {
  return [...HOSTILE.map(encodeURIComponent), ...RAW];
}

let app: NestExpressApplication;
let dataSource: DataSource;
let world: World;
const sessions = new Map<Caller, SignedIn>();

beforeAll(async () => {
  app = await createTestApp();
  dataSource = app.get(DataSource);
  world = await buildWorld(app, dataSource);
  for (const caller of ['anonymous', 'rater', 'admin'] as const)
    sessions.set(caller, await sessionOf(app, world, caller));
});

afterAll(async () => {
  await app.close();
});

function queryString(query: Record<string, string | undefined>, encoded = true): string {
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${encoded ? encodeURIComponent(value) : value}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function itemCount(body: unknown): number | undefined {
  const items = (body as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? items.length : undefined;
}

/** Statuses seen, by the request that got them, for one readable failure listing every miss. */
type Seen = { request: string; status: number; code?: string }[];

async function expectNoChange(before: TableState): Promise<void> {
  // Reading never writes, except the session's own expiry (counted, not hashed).
  expect(changedTables(before, await snapshotTables(dataSource))).toEqual([]);
}

describe('SQL meta-characters in every query and path parameter', () => {
  it('lists every GET route', () => {
    expect(Object.keys(READ_ROUTES).sort()).toEqual(
      registeredRoutes(app).filter((route) => !isWrite(route)),
    );
  });

  it("lists every query parameter of each GET route (its controller's query schema)", () => {
    const read = queryParamsByRoute(app);
    const misses = Object.entries(READ_ROUTES)
      .map(([route, spec]) => ({
        route,
        declared: Object.keys(spec.query?.(world) ?? {}).sort(),
        reads: read.get(route) ?? [],
      }))
      .filter(({ declared, reads }) => declared.join() !== reads.join());
    expect(misses).toEqual([]);
    // The check sees the routes' schemas (a lost lookup would pass by reading nothing).
    expect(read.get('GET /api/dataset/sessions')).toEqual(
      ['cursor', 'import', 'judged', 'limit', 'q', 'sort'].sort(),
    );
    expect(read.get('GET /api/batches/:id/judgments/mine')).toEqual(['limit']);
  });

  it.each(Object.entries(READ_ROUTES))(
    '%s: each query parameter gets a 400 or a correct 200, never more rows',
    async (route, spec) => {
      const session = sessions.get(spec.as)!;
      const base = pathOf(route, world, spec.ids?.(world));
      const query = spec.query?.(world) ?? {};
      const baseline = await session.agent.get(`${base}${queryString(query)}`);
      const ok = spec.status ?? 200;
      expect(baseline.status).toBe(ok);
      const rows = itemCount(baseline.body);
      const before = await snapshotTables(dataSource);
      const bad: Seen = [];
      // Every declared parameter, plus one the route does not know.
      for (const name of [...Object.keys(query), 'zz_unknown']) {
        const variants = [
          ...encodedValues().map((value) => ({ ...query, [name]: value })),
          ...(spec.repeatable?.includes(name) ? [] : [{ ...query, [name]: `1&${name}=2` }]),
          { ...query, [`${name}[$ne]`]: '1' },
          { ...query, [`${name}[]`]: '1' },
        ];
        for (const variant of variants) {
          const url = `${base}${queryString(variant, false)}`;
          const response = await session.agent.get(url);
          const searched = spec.textSearch?.[name];
          const grew =
            rows !== undefined &&
            (itemCount(response.body) ?? 0) > rows &&
            !(searched && matchesSearch(response.body, searched, variant[name]));
          if (![ok, 400].includes(response.status) || (response.status === 200 && grew)) {
            bad.push({
              request: url.slice(0, 200),
              status: response.status,
              code: response.body?.code,
            });
          }
          if (response.status === 400)
            expect(response.body.code).toMatch(/^(VALIDATION_FAILED|BAD_REQUEST)$/);
        }
      }
      expect(bad).toEqual([]);
      await expectNoChange(before);
    },
  );

  it.each(
    [...Object.keys(READ_ROUTES), ...Object.keys(WRITE_ROUTES)].filter(
      (route) => pathParams(route).length > 0,
    ),
  )('%s: each path parameter gets a 400 or 404, never a 5xx, nothing written', async (route) => {
    const caller = READ_ROUTES[route]?.as ?? WRITE_ROUTES[route].as;
    const session = sessions.get(caller)!;
    const method = route.slice(0, route.indexOf(' ')).toLowerCase() as
      'get' | 'post' | 'put' | 'patch' | 'delete';
    const before = await snapshotTables(dataSource);
    const bad: Seen = [];
    for (const name of pathParams(route)) {
      for (const value of encodedValues()) {
        if (value === '') continue; // an empty segment is another route
        const url = pathOf(route, world, { ...READ_ROUTES[route]?.ids?.(world), [name]: value });
        const response = await session.agent[method](url).set('X-CSRF-Token', session.csrf);
        if (![400, 404].includes(response.status))
          bad.push({
            request: url.slice(0, 200),
            status: response.status,
            code: response.body?.code,
          });
      }
    }
    expect(bad).toEqual([]);
    await expectNoChange(before);
  });
});
