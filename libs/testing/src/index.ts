export * from './test-context';
export * from './wait-for';
export * from './infra-env';
export * from './keycloak-tokens';
export * from './app-process';
export * from './stream-reader';
export * from './keycloak-admin';
export * from './nats-command';
