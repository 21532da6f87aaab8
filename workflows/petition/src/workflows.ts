// Entry point for the worker bundle: every workflow function of this package.
export { petitionProcess } from './petition.workflow';
