// Jest's own ordering, plus a note of which spec files this run holds: Jest
// sorts the tests before it calls the global setup, in the same process, so
// the setup can start PostgreSQL and Kafka only for a run that needs them.
'use strict';
const Sequencer = require('@jest/test-sequencer').default;

const TEST_PATHS = Symbol.for('palembang.jest.testPaths');

class RecordingSequencer extends Sequencer {
  sort(tests) {
    globalThis[TEST_PATHS] = tests.map((test) => test.path);
    return super.sort(tests);
  }
}

/** The spec files of the current run, or undefined when this sequencer did not sort them (another config). */
function testPathsOfThisRun() {
  return globalThis[TEST_PATHS];
}

module.exports = RecordingSequencer;
module.exports.testPathsOfThisRun = testPathsOfThisRun;
