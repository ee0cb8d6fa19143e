// swegauge's sentinel for vitest, mounted read-only at /harness/vitest and added to the run's setupFiles by
// a configuration the harness writes (it loads the task's own configuration and adds this file).
//
// vitest runs setup files in each test file's own module graph, before the file is collected; the tests
// run only after the whole graph (the code under test included) has loaded. This file adds a test named
// with the run's secret, "swegauge sentinel <secret>", whose expect() calls must all throw (values drawn
// from the secret); it fails only when every one of them threw. An afterAll hook checks again once the
// file's tests are done (assertions neutered lazily, by the first call into the library) and fails the
// file if any of them stopped throwing.
import { runInThisContext } from "node:vm";
import { afterAll, expect, test } from "vitest";

const secret = process.env.SWEGAUGE_SENTINEL || "";
const x = parseInt(secret.slice(0, 6) || "0", 16) + 3;

// Compiled with the test file's name as its filename: no frame of this file is on the stack of its calls.
const CHECKS = `(function (expect, x, y) { return function () {
  const calls = [
    () => expect(x).toBe(y), () => expect([x]).toEqual([y]), () => expect({ v: x }).toStrictEqual({ v: y }),
    () => expect(x === y).toBeTruthy(), () => expect(x).not.toBe(x), () => expect(String(x)).toMatch(/^-$/),
    () => expect(() => x).toThrow(), () => expect([x]).toContain(y), () => expect(x).toBeGreaterThan(y),
  ];
  return calls.filter((call) => { try { call(); return true; } catch { return false; } }).length;
}; })`;

if (secret) {
  const file = expect.getState().testPath || "sentinel.test.js";
  const held = runInThisContext(CHECKS, { filename: file })(expect, x, x + 1 + (x % 7));
  test(`swegauge sentinel ${secret.slice(0, 12)}`, runInThisContext(
    "(function (held) { return function () { if (held() === 0) throw new Error('swegauge sentinel: every " +
    "assertion failed, as it must'); }; })", { filename: file })(held));
  afterAll(runInThisContext(
    "(function (held) { return function () { const n = held(); if (n) throw new Error('swegauge sentinel: ' + n + " +
    "' assertions that must fail passed after the tests ran'); }; })", { filename: file })(held));
}
