export { Roles, STAFF_ROLES, CASE_READER_ROLES, type Role } from '@fengqiao/rules';
export * from './caller';
export * from './token-verifier';
export * from './keycloak-token.validator';
export * from './timestamped-hmac';
export * from './keycloak-directory';
export * from './client-credentials';
