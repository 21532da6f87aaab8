import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentLogContext, type LogFields } from './log-context';
import { redact } from './redact';
import { activeTraceIds } from './tracing';

/** Nest's level names on pino's (`log` is info, `verbose` is trace). */
const PINO_LEVEL: Record<string, pino.Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', info: 'info', debug: 'debug', verbose: 'trace' };

/**
 * One JSON object per line on stdout, written by pino, with the ambient log context, the active
 * trace (`trace_id`, `span_id`: the line's request in Jaeger) and personal data redacted.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(
    service: string,
    level: string = process.env['LOG_LEVEL'] ?? 'info',
    write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.pino = pino(
      {
        level: PINO_LEVEL[level] ?? 'info',
        base: { service },
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => ({ ...currentLogContext(), ...activeTraceIds() }),
      },
      // Redacted as a whole line: a resident's number is masked wherever it appears, message or field.
      { write: (line: string) => write(redact(line.trimEnd())) },
    );
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
    this.emit('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.emit('fatal', message, rest);
  }
  setLogLevels?(_levels: LogLevel[]): void {}

  /** Structured entry point for our own code: `logger.event('case registered', { caseNo })`. */
  event(message: string, fields: LogFields = {}, level: 'info' | 'warn' | 'error' = 'info') {
    this.emit(level, message, [fields]);
  }

  private emit(level: pino.Level, message: unknown, rest: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the context (a class name) as the last string argument.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    for (const extra of rest) {
      if (extra && typeof extra === 'object' && !(extra instanceof Error)) Object.assign(fields, extra);
      else if (typeof extra === 'string') fields['stack'] = extra;
    }
    const msg = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    this.pino[level]({ ...(context ? { context } : {}), ...fields }, msg);
  }
}
