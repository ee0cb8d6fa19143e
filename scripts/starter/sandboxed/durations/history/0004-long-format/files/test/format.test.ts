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

  it("writes singular and plural names", () => {
    assert.equal(format(2_000, { long: true }), "2 seconds");
    assert.equal(format(1, { long: true }), "1 millisecond");
  });
});
