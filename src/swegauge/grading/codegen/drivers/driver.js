'use strict';
// swegauge's function-level driver (runs inside the judge's sandbox, never on the host).
//
//     node driver.js PROGRAM ENTRY < args.json
//
// Runs the candidate's program, calls ENTRY with the JSON list read from stdin and prints one line: the
// marker, then the JSON result. The program's own console output goes to stderr. Only the arguments are
// here: the expected value stays on the host.
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const MARK = '@@swegauge-result@@ ';

async function main() {
  const [file, entry] = process.argv.slice(2);
  if (!/^[A-Za-z_$][\w$]*$/.test(entry)) throw new Error(`bad entry point ${entry}`);
  const input = fs.readFileSync(0, 'utf8');
  const args = JSON.parse(input.trim() || '[]');
  const writeResult = (text) => fs.writeSync(1, text);
  const toStderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = toStderr;
  console.log = (...parts) => toStderr(parts.map(String).join(' ') + '\n');
  const source = fs.readFileSync(file, 'utf8');
  const wrapped = '(function (require, module, exports, __filename, __dirname) {' + source +
    `\n;return (typeof ${entry} !== 'undefined') ? ${entry} : (module.exports && module.exports.${entry});\n})`;
  const factory = vm.runInThisContext(wrapped, { filename: file });
  const mod = { exports: {} };
  const fn = factory(require, mod, mod.exports, file, path.dirname(file));
  if (typeof fn !== 'function') {
    toStderr(`swegauge driver: the program defines no function ${entry}\n`);
    process.exit(3);
  }
  let result = fn(...args);
  if (result && typeof result.then === 'function') result = await result;
  const text = JSON.stringify(result === undefined ? null : result);
  writeResult(MARK + text + '\n');
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
