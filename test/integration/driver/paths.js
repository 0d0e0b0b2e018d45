// Folders the integration driver uses. Scratch space is .ci/.work (git-ignored).
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WORK = path.join(ROOT, '.ci', '.work');
const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const SUITE_MODULE = path.join(ROOT, 'out', 'test', 'integration', 'suite', 'index');

module.exports = { ROOT, SCREENSHOTS, SUITE_MODULE, WORK };
