// Entry point for the worker bundle: every workflow function of this package.
export { keyPersonPurge, keyPersonSupervision } from './key-person-supervision.workflow';
