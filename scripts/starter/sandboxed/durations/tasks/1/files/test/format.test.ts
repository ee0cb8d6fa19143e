import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { format, parse } from "../src";

describe("format", () => {
  it("shows the two largest units", () => {
    assert.equal(format(5_400_000), "1h 30m");
    assert.equal(format(93_784_005), "1d 2h");
  });

  it("leaves out units that are zero", () => {
    assert.equal(format(3_600_000), "1h");
    assert.equal(format(86_400_000 + 5 * 60_000), "1d");
  });

  it("rounds the last unit shown", () => {
    assert.equal(format(5_430_000), "1h 31m");
    assert.equal(format(5_410_000), "1h 30m");
  });

  it("carries rounded seconds into a minute", () => {
    assert.equal(format(59_700), "1m");
    assert.equal(format(119_600), "2m");
  });

  it("carries rounded minutes into an hour", () => {
    assert.equal(format(7_170_000), "2h");
  });

  it("carries rounded hours into a day", () => {
    assert.equal(format(86_399_900), "1d");
    assert.equal(format(23.7 * 3_600_000, { maxParts: 1 }), "1d");
  });

  it("carries rounded milliseconds into a second", () => {
    assert.equal(format(999.6), "1s");
  });

  it("carries through every part shown", () => {
    assert.equal(format(5_399_999, { maxParts: 3 }), "1h 30m");
    assert.equal(format(-7_170_000), "-2h");
  });

  it("never shows a part as large as the next unit", () => {
    for (let ms = 0; ms < 2 * 86_400_000; ms += 997_331) {
      for (const maxParts of [1, 2, 3]) {
        const text = format(ms, { maxParts });
        assert.doesNotMatch(text, /\b(60[sm]|24h|1000ms)\b/, `${ms} with ${maxParts} parts gave ${text}`);
      }
    }
  });

  it("shows milliseconds under a second", () => {
    assert.equal(format(250), "250ms");
    assert.equal(format(0), "0ms");
  });

  it("can show more parts", () => {
    assert.equal(format(93_784_005, { maxParts: 4 }), "1d 2h 3m 4s");
  });

  it("can show a single part", () => {
    assert.equal(format(5_400_000, { maxParts: 1 }), "2h");
  });

  it("keeps the sign", () => {
    assert.equal(format(-90_000), "-1m 30s");
  });

  it("reads back what parse read", () => {
    assert.equal(format(parse("2h15m")), "2h 15m");
  });

  it("writes unit names when asked", () => {
    assert.equal(format(5_400_000, { long: true }), "1 hour 30 minutes");
    assert.equal(format(86_400_000 + 3_600_000, { long: true }), "1 day 1 hour");
  });

  it("carries with unit names too", () => {
    assert.equal(format(7_170_000, { long: true }), "2 hours");
  });

  it("writes singular and plural names", () => {
    assert.equal(format(2_000, { long: true }), "2 seconds");
    assert.equal(format(1, { long: true }), "1 millisecond");
  });
});
