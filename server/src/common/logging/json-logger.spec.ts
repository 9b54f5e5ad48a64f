import { Logger } from '@nestjs/common';
import { JsonLogger } from './json-logger';
import { runWithRequestContext } from './request-context';

function capture(level: ConstructorParameters<typeof JsonLogger>[0]) {
  const lines: string[] = [];
  const logger = new JsonLogger(level, (line) => lines.push(line));
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, entries };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const { logger, lines, entries } = capture('info');
    logger.entry('info', 'hello', { count: 2n, nested: { a: 1 } });
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(lines[0].slice(0, -1)).not.toContain('\n');
    expect(entries()[0]).toMatchObject({
      level: 'info',
      msg: 'hello',
      count: '2',
      nested: { a: 1 },
    });
    expect(new Date(entries()[0].time as string).getTime()).not.toBeNaN();
  });

  it('drops entries below its level; silent writes nothing', () => {
    const warn = capture('warn');
    warn.logger.log('info line');
    warn.logger.debug('debug line');
    warn.logger.warn('kept');
    expect(warn.entries().map((e) => e.msg)).toEqual(['kept']);
    const silent = capture('silent');
    silent.logger.fatal('nothing');
    expect(silent.lines).toEqual([]);
  });

  it('carries the request id and user of the request being served', () => {
    const { logger, entries } = capture('info');
    runWithRequestContext({ requestId: 'r-1', userId: 7 }, () => logger.warn('inside', 'Ctx'));
    logger.warn('outside');
    expect(entries()[0]).toMatchObject({ requestId: 'r-1', userId: 7, context: 'Ctx' });
    expect(entries()[1]).not.toHaveProperty('requestId');
  });

  it("takes Nest's error convention (message, stack, context) and Error objects, with the stack", () => {
    const { logger, entries } = capture('info');
    const error = new Error('boom');
    logger.error('failed', error.stack, 'ErrorFilter');
    logger.error(error);
    expect(entries()[0]).toMatchObject({ level: 'error', msg: 'failed', context: 'ErrorFilter' });
    expect(entries()[0].stack).toContain('Error: boom');
    expect(entries()[1]).toMatchObject({ msg: 'boom' });
    expect(entries()[1].stack).toContain('json-logger.spec');
  });

  it("serves as Nest's logger: a contextual Logger writes through it", () => {
    const { logger, entries } = capture('debug');
    Logger.overrideLogger(logger);
    try {
      new Logger('Queue').log('claimed');
      new Logger('InstanceLoader').log('module ready');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(entries()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'claimed', context: 'Queue' }),
      expect.objectContaining({ level: 'debug', msg: 'module ready', context: 'InstanceLoader' }),
    ]);
  });
});
