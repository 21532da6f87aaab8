import type { DataConverter, PayloadCodec } from '@temporalio/common';
// Imported as well as resolved by path: the build then emits the module the bundler and workers load.
export { failureConverter } from './failure-converter';

/** Where `failureConverter` lives: the workflow bundler and the workers load it by path. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** What every worker and client of the platform converts with: encrypted payloads, encrypted failure texts. */
export function platformDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}
