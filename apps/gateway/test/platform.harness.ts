// The harness lives in libs/testing (the benchmark starts the same platform); test files keep this import.
export { sampleCase, standInToken, startPlatform, type Platform } from '@fengqiao/testing';
