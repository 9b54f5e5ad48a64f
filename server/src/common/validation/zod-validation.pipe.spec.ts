import { z } from 'zod';
import { DomainError } from '../errors/domain-error';
import { unsafeInputIssues, ZodValidationPipe } from './zod-validation.pipe';

describe('ZodValidationPipe', () => {
  const pipe = new ZodValidationPipe(
    z.strictObject({ name: z.string(), tags: z.array(z.string()).optional() }),
  );

  it('passes a valid value through the schema', () => {
    expect(pipe.transform({ name: 'a', tags: ['b'] })).toEqual({ name: 'a', tags: ['b'] });
  });

  it('names every field that fails', () => {
    try {
      pipe.transform({ name: 1, extra: true });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).issues?.map((issue) => issue.path).sort()).toEqual([
        '(body)',
        'name',
      ]);
    }
  });

  it('refuses a NUL character in any value or key, naming where (PostgreSQL cannot store it)', () => {
    expect(() => pipe.transform({ name: 'a\u0000b' })).toThrow('Invalid request: name');
    expect(() => pipe.transform({ name: 'a', tags: ['ok', 'x\u0000'] })).toThrow(
      'Invalid request: tags.1',
    );
    expect(unsafeInputIssues({ 'k\u0000': 1 })).toEqual([
      { path: 'k\u0000', message: 'The key contains a NUL character' },
    ]);
    expect(unsafeInputIssues('\u0000')).toEqual([
      { path: '(body)', message: 'Contains a NUL character' },
    ]);
  });

  it('refuses a prototype key at any depth (a record would swallow it into the prototype)', () => {
    const record = new ZodValidationPipe(
      z.strictObject({ expected: z.record(z.string(), z.string()) }),
    );
    const body = JSON.parse('{"expected":{"overall":"first","__proto__":{"x":"y"}}}');
    expect(() => record.transform(body)).toThrow('Invalid request: expected.__proto__');
    for (const key of ['constructor', 'prototype'])
      expect(unsafeInputIssues({ a: [{ [key]: 1 }] })).toEqual([
        { path: `a.0.${key}`, message: `The key "${key}" is not allowed` },
      ]);
    expect(record.transform({ expected: { overall: 'first' } })).toEqual({
      expected: { overall: 'first' },
    });
  });

  it('walks deep nesting without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 50_000; i += 1) deep = [deep];
    expect(unsafeInputIssues(deep)).toHaveLength(1);
  });
});
