export * from './json-logger';
export * from './log-context';
export * from './redact';
export * from './health';
export * from './runtime-env';
export * from './tracing';
