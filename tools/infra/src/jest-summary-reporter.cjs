// Appends each Jest run's totals to TEST_SUMMARY_FILE so that `npm test` can
// close with one line for the whole workspace: "tests: N passed, N failed, N skipped",
// followed by every failed test and the first lines of its error, so that the
// end of a long run's output (often all a CI log keeps) says what failed.
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
      failures: failuresOf(results),
    };
    fs.appendFileSync(file, `${JSON.stringify(totals)}\n`);
  }
}
function failuresOf(results) {
  const failures = [];
  for (const suite of results.testResults) {
    const file = suite.testFilePath;
    if (suite.testExecError) failures.push({ file, test: '(the suite did not run)', error: firstLines(suite.testExecError.message) });
    for (const test of suite.testResults) {
      if (test.status === 'failed') failures.push({ file, test: test.fullName, error: firstLines(test.failureMessages.join('\n')) });
    }
  }
  return failures;
}

function firstLines(text) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  return plain.split('\n').filter((line) => line.trim() && !line.trim().startsWith('at ')).slice(0, 6).join('\n');
}

module.exports = SummaryReporter;
