import { type PipeTransform } from '@nestjs/common';
import { type ZodType } from 'zod';
import { type ErrorIssue } from '@peel/shared';
import { DomainError } from '../errors/domain-error';

/** Nodes inspected for NUL characters before giving up (zod still bounds every field). */
const MAX_NODES = 100_000;

/** Keys that reach an object's prototype when assigned (`result[key] = ...` in any parser). */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What no field of any request may hold, at any depth (walked without recursion, so deep nesting
 * cannot overflow): a NUL character (U+0000), which PostgreSQL cannot store in text or jsonb, in
 * a value or a key; and a prototype key (`__proto__`, `constructor`, `prototype`), which a record
 * schema would silently swallow into the result's prototype.
 */
export function unsafeInputIssues(value: unknown): ErrorIssue[] {
  interface Node {
    value: unknown;
    key: string | null;
    parent: Node | null;
  }
  const issues: ErrorIssue[] = [];
  // Paths are rebuilt from parent links only for an issue: deep nesting stays linear.
  const pathOf = (node: Node, key?: string): string => {
    const keys = key === undefined ? [] : [key];
    for (let at: Node | null = node; at?.key != null; at = at.parent) keys.push(at.key);
    return keys.reverse().join('.') || '(body)';
  };
  const stack: Node[] = [{ value, key: null, parent: null }];
  for (let seen = 0; stack.length > 0 && seen < MAX_NODES && issues.length < 20; seen += 1) {
    const node = stack.pop()!;
    if (typeof node.value === 'string') {
      if (node.value.includes('\u0000'))
        issues.push({ path: pathOf(node), message: 'Contains a NUL character' });
    } else if (node.value !== null && typeof node.value === 'object') {
      for (const [key, child] of Object.entries(node.value)) {
        if (key.includes('\u0000'))
          issues.push({ path: pathOf(node, key), message: 'The key contains a NUL character' });
        if (PROTOTYPE_KEYS.has(key))
          issues.push({ path: pathOf(node, key), message: `The key "${key}" is not allowed` });
        stack.push({ value: child, key, parent: node });
      }
    }
  }
  return issues;
}

/** Validates a body, query or param with a shared zod schema; a failure is a 400 naming each field. */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  /** Public so the route tables of the security suites can read the fields a route takes. */
  constructor(readonly schema: ZodType<T>) {}

  transform(value: unknown): T {
    const unsafe = unsafeInputIssues(value);
    if (unsafe.length > 0) {
      const fields = [...new Set(unsafe.map((issue) => issue.path))].join(', ');
      throw new DomainError('VALIDATION_FAILED', `Invalid request: ${fields}`, unsafe);
    }
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    }));
    const fields = [...new Set(issues.map((issue) => issue.path))].join(', ');
    throw new DomainError('VALIDATION_FAILED', `Invalid request: ${fields}`, issues);
  }
}
