export * from './roles';
export * from './caller';
export * from './token-verifier';
export * from './keycloak-token.validator';
