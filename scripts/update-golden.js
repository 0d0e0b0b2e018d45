// Rewrites test/fixtures/golden/sample-results.json.gz from the current engine (after
// `npm run compile-tests`). Run it only when a change is meant to alter the sample's numbers.
const { sampleResultsNormalised, writeGolden, GOLDEN_FILE } = require('../out/test/unit/engine/sampleGolden');

sampleResultsNormalised()
  .then((results) => {
    writeGolden(results);
    console.log(`wrote ${GOLDEN_FILE}`);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
