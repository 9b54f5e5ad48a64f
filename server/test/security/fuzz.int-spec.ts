import { type NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { createTestApp } from '../app';
import { type SignedIn } from '../http';
import {
  buildWorld,
  type Caller,
  changedTables,
  isWrite,
  pathOf,
  registeredRoutes,
  send,
  sessionOf,
  snapshotTables,
  type World,
} from './security-world';
import { assertProperty } from './fuzz-seed';
import { WRITE_ROUTES } from './write-routes';

/**
 * Property-based bodies for every write route: each generated body is wrong (a field of the wrong
 * type, an unknown or prototype-polluting key, a huge string or array, deep nesting, a NUL byte,
 * not an object at all) and must get a 4xx with nothing stored. The valid example of the route's
 * table line is the starting point, aimed at real resources, so a body that slipped through
 * validation would reach the service and show.
 */

const HUGE_STRING = 300_000;
const HUGE_ARRAY = 20_001;
const DEEP = 5_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** A wrong body as JSON text (so keys such as `__proto__` stay own keys) and what made it. */
interface Mutant {
  kind: string;
  path: string;
  json: string;
}

function leaves(value: Json, path: Path = []): Path[] {
  if (Array.isArray(value))
    return [path, ...value.flatMap((item, index) => leaves(item, [...path, index]))];
  if (value !== null && typeof value === 'object')
    return [
      ...(path.length ? [path] : []),
      ...Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key])),
    ];
  return [path];
}

function objects(value: Json, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objects(item, [...path, index]));
  if (value !== null && typeof value === 'object')
    return [path, ...Object.entries(value).flatMap(([key, item]) => objects(item, [...path, key]))];
  return [];
}

function at(value: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string, Json>)[key as string], value);
}

/** The JSON text of `value` with the node at `path` replaced by the raw JSON `raw`. */
function replaced(value: Json, path: Path, raw: string): string {
  if (path.length === 0) return raw;
  const marker = '"__peel_fuzz_marker__"';
  const copy = structuredClone(value) as Record<string, Json>;
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1]] = JSON.parse(marker) as Json;
  return JSON.stringify(copy).replace(marker, raw);
}

/** The JSON text of `value` with an extra key (any name, `__proto__` included) in one object. */
function withKey(value: Json, path: Path, key: string, raw: string): string {
  const target = at(value, path) as Record<string, Json>;
  const inner = JSON.stringify(target);
  const extended =
    inner === '{}'
      ? `{${JSON.stringify(key)}:${raw}}`
      : `${inner.slice(0, -1)},${JSON.stringify(key)}:${raw}}`;
  return replaced(value, path, extended);
}

/** A JSON value whose type differs from `original`'s (null left out: some fields are nullable). */
function wrongType(original: Json): fc.Arbitrary<Json> {
  const string = fc.string({ maxLength: 20 });
  const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  const array = fc.array(fc.oneof(string, number), { maxLength: 3 });
  const object = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), string, { maxKeys: 3 });
  if (typeof original === 'string') return fc.oneof(number, fc.boolean(), array, object);
  if (typeof original === 'number')
    return fc.oneof(
      number.map((n) => String(n)),
      fc.boolean(),
      array,
      object,
      fc.constantFrom(1e308, -1e308),
    );
  if (typeof original === 'boolean') return fc.oneof(fc.constantFrom('true', 1, 0, 'yes'), object);
  if (Array.isArray(original)) return fc.oneof(string, number, fc.boolean(), object);
  return fc.oneof(string, number, fc.boolean(), array);
}

const POLLUTING = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString'];

function mutants(valid: Json, emptyIsValid = false): fc.Arbitrary<Mutant> {
  const fields = leaves(valid).filter((path) => path.length > 0);
  const strings = fields.filter((path) => typeof at(valid, path) === 'string');
  const arrays = fields.filter((path) => Array.isArray(at(valid, path)));
  const owners = objects(valid);
  const name = (path: Path) => path.join('.') || '(body)';
  const options: fc.Arbitrary<Mutant>[] = [
    // Not an object at all.
    fc
      .oneof(
        fc.constantFrom('null', 'true', '0', '"text"', '[]', '[{}]', '""'),
        fc
          .jsonValue({ maxDepth: 2 })
          .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
          .map((v) => JSON.stringify(v)),
        fc.constant(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`),
      )
      .map((json) => ({ kind: 'not an object', path: '(body)', json })),
    // Nothing at all, or every field missing (unless every field has a default).
    ...(emptyIsValid ? [] : [fc.constant({ kind: 'empty object', path: '(body)', json: '{}' })]),
    // An unknown key, or a prototype-polluting one, at the top or in a nested object.
    fc
      .tuple(
        fc.constantFrom(...owners),
        fc.oneof(
          fc.constantFrom(...POLLUTING),
          fc
            .string({ minLength: 1, maxLength: 12 })
            .filter((key) => !POLLUTING.includes(key) && !/^\d+$/.test(key)),
        ),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .filter(([path, key]) => !Object.prototype.hasOwnProperty.call(at(valid, path), key))
      .map(([path, key, value]) => ({
        kind: `extra key ${JSON.stringify(key)}`,
        path: name(path),
        json: withKey(valid, path, key, JSON.stringify(value)),
      })),
    // Deep nesting where an object or a value belongs.
    fc.constantFrom(...fields).map((path) => ({
      kind: 'deep nesting',
      path: name(path),
      json: replaced(valid, path, `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`),
    })),
  ];
  if (fields.length > 0)
    options.push(
      fc.constantFrom(...fields).chain((path) =>
        wrongType(at(valid, path)).map((value) => ({
          kind: `wrong type ${JSON.stringify(value).slice(0, 40)}`,
          path: name(path),
          json: replaced(valid, path, JSON.stringify(value)),
        })),
      ),
    );
  if (strings.length > 0)
    options.push(
      fc
        .tuple(
          fc.constantFrom(...strings),
          fc.constantFrom('huge', 'nul', 'nul-suffix'),
          fc.string({ minLength: 1, maxLength: 8 }),
        )
        .map(([path, how, text]) => {
          const original = at(valid, path) as string;
          const value =
            how === 'huge'
              ? 'x'.repeat(HUGE_STRING)
              : how === 'nul'
                ? `${text}\u0000${original}`
                : `${original}\u0000`;
          return {
            kind: `string ${how}`,
            path: name(path),
            json: replaced(valid, path, JSON.stringify(value)),
          };
        }),
    );
  if (arrays.length > 0)
    options.push(
      fc.constantFrom(...arrays).map((path) => {
        const first = (at(valid, path) as Json[])[0] ?? 1;
        return {
          kind: 'huge array',
          path: name(path),
          json: replaced(valid, path, JSON.stringify(Array(HUGE_ARRAY).fill(first))),
        };
      }),
    );
  return fc.oneof(...options);
}

/** Bodies for a route that reads none: anything but nothing (or `{}`) is wrong. */
const anyBody: fc.Arbitrary<Mutant> = fc
  .oneof(
    fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), {
      minKeys: 1,
      maxKeys: 4,
    }),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
    fc.constantFrom(...POLLUTING).map((key) => JSON.parse(`{"${key}":{"isAdmin":true}}`) as Json),
  )
  .map((value) => ({ kind: 'a body', path: '(body)', json: JSON.stringify(value) }));

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

describe('fuzzed bodies on every write route', () => {
  it('lists every write route', () => {
    expect(Object.keys(WRITE_ROUTES).sort()).toEqual(registeredRoutes(app).filter(isWrite));
  });

  it.each(Object.entries(WRITE_ROUTES))(
    '%s: every wrong body is a 4xx and stores nothing',
    async (route, spec) => {
      // Signing out would end the shared session: logout gets its own.
      const session =
        route === 'POST /api/auth/logout'
          ? await sessionOf(app, world, spec.as)
          : sessions.get(spec.as)!;
      const path = pathOf(route, world);
      const arbitrary = spec.body
        ? mutants(spec.body(world) as Json, spec.emptyBodyIsValid)
        : anyBody;
      const before = await snapshotTables(dataSource);
      await assertProperty(
        fc.asyncProperty(arbitrary, async (mutant) => {
          const response = await send(session, route, path, { body: mutant.json });
          if (response.status < 400 || response.status >= 500) {
            throw new Error(
              `${mutant.kind} at ${mutant.path}: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`,
            );
          }
          expect(response.body.code).toEqual(expect.any(String));
          expect(response.body.message).toEqual(expect.any(String));
        }),
        route,
      );
      expect(changedTables(before, await snapshotTables(dataSource), spec.mayWrite)).toEqual([]);
      // The route still works for the right body: nothing was left broken or locked.
      expect((await sessions.get('rater')!.get('/api/auth/me')).status).toBe(200);
    },
  );
});
