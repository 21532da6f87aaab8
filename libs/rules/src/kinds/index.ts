export * from './case-kind';
export * from './dispute.kind';
export { allowedActions as disputeAllowedActions } from './dispute.allowed-actions';
export * from './generic.kind';
export * from './registry';
export * from './clock-actions';
export * from './petition.kind';
export * from './petition.allowed-actions';
export * from './petition.periods';
