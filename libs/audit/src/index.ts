export * from './audit-hash';
export * from './audit-log';
export * from './audit-verify';
export * from './audit-access';
export * from './audit.migration';
export * from './verify-cli';
