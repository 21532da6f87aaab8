// Appends each Jest run's totals to a file so `npm test` can print one closing line for
// every project and target it ran (FQ_TEST_TOTALS names the file; unset → does nothing).
// Failures are listed too (file, test, first lines of the message): CI shows only the end of
// a long log, and the closing summary must say which test failed, not only that one did.
const { appendFileSync } = require('node:fs');
const { relative } = require('node:path');

const firstLines = (text, n = 6) =>
  String(text ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '') // drop colour codes
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, n)
    .join('\n');

class TotalsReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.FQ_TEST_TOTALS;
    if (!file) return;
    const failures = [];
    for (const suite of results.testResults) {
      const path = relative(process.cwd(), suite.testFilePath);
      if (suite.testExecError) failures.push({ path, test: '(suite failed to run)', message: firstLines(suite.testExecError.message) });
      for (const t of suite.testResults) {
        if (t.status === 'failed') failures.push({ path, test: t.fullName, message: firstLines(t.failureMessages.join('\n')) });
      }
    }
    const line = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      failures,
    };
    appendFileSync(file, JSON.stringify(line) + '\n');
  }
}

module.exports = TotalsReporter;
