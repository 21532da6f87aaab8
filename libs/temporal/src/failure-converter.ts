import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces move into the failure's encoded attributes, which the
 * payload codec encrypts, so a history never shows them in plain text. Loaded by path (below)
 * into the workflow sandbox as well as the workers' main threads; clients decode either form.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
