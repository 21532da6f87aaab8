// Entry point for the worker bundle: every workflow function of this package.
export { caseHandling } from './case-handling.workflow';
