/** Absolute path of the bundle entry, for workers that bundle from source. */
export const reportsWorkflowsPath = require.resolve('./workflows');
