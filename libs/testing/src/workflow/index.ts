// What workflow tests share (time-skipping server, waiting, history JSON). A separate entry,
// `@fengqiao/testing/workflow`, so these tests do not load the PostgreSQL/NATS harness.
export * from './time-skipping';
export * from './history-json';
export * from './committed-histories';
