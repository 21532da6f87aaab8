import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentLogContext, type LogFields } from './log-context';
import { redact } from './redact';

const LEVELS: Record<string, number> = { fatal: 0, error: 1, warn: 2, log: 3, info: 3, debug: 4, verbose: 5 };

/** One JSON object per line on stdout, with the ambient log context and personal data redacted. */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly service: string,
    level: string = process.env['LOG_LEVEL'] ?? 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.threshold = LEVELS[level] ?? LEVELS['info']!;
  }

  log(message: unknown, ...rest: unknown[]) {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.emit('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.emit('fatal', message, rest);
  }
  setLogLevels?(_levels: LogLevel[]): void {}

  /** Structured entry point for our own code: `logger.event('case registered', { caseNo })`. */
  event(message: string, fields: LogFields = {}, level: 'info' | 'warn' | 'error' = 'info') {
    this.emit(level, message, [fields]);
  }

  private emit(level: string, message: unknown, rest: unknown[]) {
    if ((LEVELS[level] ?? 3) > this.threshold) return;
    // Nest passes the context (a class name) as the last string argument.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    for (const extra of rest) {
      if (extra && typeof extra === 'object' && !(extra instanceof Error)) Object.assign(fields, extra);
      else if (typeof extra === 'string') fields['stack'] = extra;
    }
    const entry = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      ...(context ? { context } : {}),
      msg: message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message),
      ...currentLogContext(),
      ...fields,
    };
    this.write(redact(JSON.stringify(entry)));
  }
}
