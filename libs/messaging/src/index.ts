export * from './prefixed-nats.transport';
export * from './events-stream';
export * from './cloud-events';
export * from './outbox';
export * from './outbox-relay';
export * from './durable-consumer';
export * from './nats-service.bootstrap';
export * from './guarded';
