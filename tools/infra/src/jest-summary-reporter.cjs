// Appends each Jest run's totals to TEST_SUMMARY_FILE so that `npm test` can
// close with one line for the whole workspace: "tests: N passed, N failed, N skipped".
'use strict';
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.TEST_SUMMARY_FILE;
    if (!file) return;
    const totals = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.appendFileSync(file, `${JSON.stringify(totals)}\n`);
  }
}
module.exports = SummaryReporter;
