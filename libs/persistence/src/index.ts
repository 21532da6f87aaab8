export * from './data-source.factory';
export * from './database-url';
export * from './app-role';
export * from './expiring-load';
export * from './unique-violation';
export * from './versioned-table';
