export * from './data-source.factory';
export * from './database-url';
export * from './app-role';
export * from './expiring-load';
export * from './unique-violation';
export * from './versioned-table';
export * from './org-tree-copy';
export * from './row-scope';
