import { type PipeTransform, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type ZodType } from 'zod';
import { ZodValidationPipe } from '../../src/common/validation/zod-validation.pipe';

/** Routes outside the global `/api` prefix (app.ts). */
const UNPREFIXED = new Set(['metrics']);

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** The keys of a zod object schema (refinements keep the object; a pipe's input is looked into). */
function schemaKeys(schema: ZodType): string[] | undefined {
  let node: unknown = schema;
  for (let depth = 0; node && depth < 10; depth += 1) {
    const shape = (node as { shape?: Record<string, unknown> }).shape;
    if (shape && typeof shape === 'object') return Object.keys(shape);
    const def = (node as { _zod?: { def?: { in?: unknown; innerType?: unknown } } })._zod?.def;
    node = def?.in ?? def?.innerType;
  }
  return undefined;
}

/** What one `@Query(...)` argument reads: its key, or the fields its pipe's schema declares. */
function argKeys(arg: RouteArg): string[] | undefined {
  if (typeof arg.data === 'string') return [arg.data];
  for (const pipe of (arg.pipes ?? []) as PipeTransform[]) {
    if (pipe instanceof ZodValidationPipe) return schemaKeys(pipe.schema);
    const declared = (pipe as { queryKeys?: readonly string[] }).queryKeys;
    if (declared) return [...declared];
  }
  return undefined;
}

function joined(...segments: string[]): string {
  const parts = segments.flatMap((segment) => segment.split('/')).filter(Boolean);
  return `/${parts.join('/')}`;
}

/**
 * The query parameters every controller route reads, by "METHOD /path" as the Express router
 * registers it, from the controllers' own `@Query` arguments and their zod schemas. A route that
 * reads a whole query without a schema whose fields can be listed is reported, not guessed.
 */
export function queryParamsByRoute(app: NestExpressApplication): Map<string, string[]> {
  const routes = new Map<string, string[]>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const prefix = UNPREFIXED.has(base) ? '' : 'api';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const route = `${method} ${joined(prefix, base, path)}`;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          RouteArg
        >;
        const keys: string[] = [];
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
          const read = argKeys(arg);
          if (!read)
            throw new Error(`${route}: @Query() without a schema whose fields can be read`);
          keys.push(...read);
        }
        routes.set(route, keys.sort());
      }
    }
  }
  return routes;
}
