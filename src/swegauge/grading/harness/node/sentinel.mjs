// swegauge's sentinel for `node --test`, mounted read-only at /harness/node and preloaded into every node
// process of a graded run with NODE_OPTIONS="--import /harness/node/sentinel.mjs".
//
// It acts only in the runner's children (NODE_TEST_CONTEXT=child...), one per test file: it loads the test
// file itself first (so the code under test has run, its top-level awaits included; node's own load of the
// file then finds it cached), then registers one more test, named with the run's secret and the file:
// "swegauge sentinel <secret> <file>". That test calls node:assert and node:assert/strict in ways that must
// throw, with values drawn from the secret; it fails only when every one of them threw. The test function
// is compiled with the test file's name as its filename, so a neutered assertion that spares calls coming
// from the harness finds no harness frame on the stack. A file that does not load fails as before (the
// error is thrown again from here).
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const secret = process.env.SWEGAUGE_SENTINEL;
delete process.env.SWEGAUGE_SENTINEL;
const main = process.argv[1];

const CHECKS = `(function (a, s, x, y) { return function () {
  const calls = [
    () => a.strictEqual(x, y), () => a.equal(x, y), () => a.deepStrictEqual([x], [y]), () => a.ok(x === y),
    () => a(x === y), () => a.notStrictEqual(x, x), () => a.match(String(x), /^-$/), () => a.throws(() => x),
    () => s.equal(x, y), () => s.deepEqual({ v: x }, { v: y }), () => s.ok(x === y), () => s(x === y),
    () => s.notEqual(x, x), () => s.strictEqual(String(x), String(y)),
  ];
  const held = calls.filter((call) => { try { call(); return true; } catch { return false; } }).length;
  if (held === 0) throw new Error('swegauge sentinel: every assertion failed, as it must');
  return held;
}; })`;

if (secret && main && String(process.env.NODE_TEST_CONTEXT || '').startsWith('child')) {
  const { test } = await import('node:test');
  const assert = (await import('node:assert')).default;
  const strict = (await import('node:assert/strict')).default;
  const { runInThisContext } = await import('node:vm');
  const x = parseInt(secret.slice(0, 6), 16) + 3;
  const body = runInThisContext(CHECKS, { filename: main })(assert, strict, x, x + 1 + (x % 7));
  try {
    await import(pathToFileURL(main).href);
  } catch (err) {
    // a loader given after this preload (--import tsx) is not registered yet: node's own load will work
    if (err?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
  }
  test(`swegauge sentinel ${secret.slice(0, 12)} ${relative(process.cwd(), main)}`, body);
}
