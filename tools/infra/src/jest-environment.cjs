// Jest's node environment, which also runs the tests of each *.unit.spec.ts
// file in a random order, so that no unit test comes to depend on the one
// before it. The order follows the run's seed, which the summary prints
// (showSeed): `npx jest -c <project>/jest.config.cjs --seed=<seed> <file>`
// replays it. Integration and end-to-end specs keep their written order (some
// walk one scenario step by step). Jest's --randomize flag shuffles every
// file of a run; this does the same for unit specs only, through the state
// jest-circus hands each environment's handleTestEvent.
'use strict';
const { TestEnvironment } = require('jest-environment-node');

class PalembangTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.shuffleTests = context.testPath.endsWith('.unit.spec.ts');
  }

  handleTestEvent(event, state) {
    if (event.name === 'setup' && this.shuffleTests) state.randomize = true;
  }
}

module.exports = PalembangTestEnvironment;
