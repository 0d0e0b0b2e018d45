// Folders the integration driver uses. Scratch space is .ci/.work (git-ignored).
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WORK = path.join(ROOT, '.ci', '.work');
const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const SUITE_MODULE = path.join(ROOT, 'out', 'test', 'integration', 'suite', 'index');
/** src/ as `npm run compile-tests` compiles it: the driver's one way to the project's own constants. */
const COMPILED_SRC = path.join(ROOT, 'out', 'src');

module.exports = { COMPILED_SRC, ROOT, SCREENSHOTS, SUITE_MODULE, WORK };
