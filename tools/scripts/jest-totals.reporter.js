// Appends each Jest run's totals to a file so `npm test` can print one closing line for
// every project and target it ran (FQ_TEST_TOTALS names the file; unset → does nothing).
const { appendFileSync } = require('node:fs');

class TotalsReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.FQ_TEST_TOTALS;
    if (!file) return;
    const line = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    appendFileSync(file, JSON.stringify(line) + '\n');
  }
}

module.exports = TotalsReporter;
