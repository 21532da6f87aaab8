// Entry point for the worker bundle: every workflow function of this package.
export { legalAidProcess } from './legal-aid.workflow';
