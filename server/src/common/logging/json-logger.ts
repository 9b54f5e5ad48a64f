import { type LoggerService } from '@nestjs/common';
import { type PeelConfig } from '../config/config';
import { currentRequestContext } from './request-context';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const RANK: Record<LogLevel | 'silent', number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: 100,
};

const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

export type LogFields = Record<string, unknown>;

/**
 * One JSON object per line on stdout: `time`, `level`, `msg`, `context`, the request id and user
 * id of the request being served (when there is one), and any fields given. Replaces Nest's
 * logger (`app.useLogger`), so framework messages come out the same way.
 */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    level: PeelConfig['logLevel'],
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    this.threshold = RANK[level];
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= this.threshold;
  }

  /** A structured entry: `fields` become top-level keys of the line. */
  entry(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (!this.enabled(level)) return;
    const request = currentRequestContext();
    const line: LogFields = { time: new Date().toISOString(), level, msg };
    if (request) {
      line.requestId = request.requestId;
      if (request.userId !== undefined) line.userId = request.userId;
    }
    Object.assign(line, fields);
    this.write(`${safeStringify(line)}\n`);
  }

  log(message: unknown, ...rest: unknown[]): void {
    // Nest's per-module and per-route boot lines are detail, not news.
    const context = rest[rest.length - 1];
    const chatty = typeof context === 'string' && CHATTY_CONTEXTS.has(context);
    this.nest(chatty ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.nest('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.nest('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.nest('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.nest('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.nest('fatal', message, rest);
  }

  /**
   * Nest's calling convention: `(message, context?)`, and for errors `(message, stack?, context?)`;
   * the last string is the context. An Error anywhere gives its message and stack.
   */
  private nest(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.enabled(level)) return;
    const fields: LogFields = {};
    const params = [...rest];
    const last = params[params.length - 1];
    if (typeof last === 'string' && !last.includes('\n')) {
      fields.context = params.pop();
    }
    for (const param of params) {
      if (param instanceof Error) fields.stack = param.stack;
      else if (typeof param === 'string' && param.includes('\n    at ')) fields.stack = param;
      else if (param !== undefined) fields.detail = param;
    }
    let msg: string;
    if (message instanceof Error) {
      msg = message.message;
      fields.stack ??= message.stack;
    } else if (typeof message === 'string') {
      msg = message;
    } else {
      msg = safeStringify(message);
    }
    this.entry(level, msg, fields);
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return JSON.stringify(String(value));
  }
}
