export * from './register';
export * from './supervision';
