import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../src";

describe("parse", () => {
  it("reads a single unit", () => {
    assert.equal(parse("90s"), 90_000);
    assert.equal(parse("250ms"), 250);
    assert.equal(parse("2d"), 172_800_000);
  });

  it("adds up several units", () => {
    assert.equal(parse("1h30m"), 5_400_000);
    assert.equal(parse("1d2h3m4s5ms"), 93_784_005);
  });

  it("tells minutes from milliseconds", () => {
    assert.equal(parse("1m1ms"), 60_001);
  });

  it("reads decimals", () => {
    assert.equal(parse("1.5h"), 5_400_000);
    assert.equal(parse(".5s"), 500);
  });

  it("allows spaces and commas between parts", () => {
    assert.equal(parse("2 h 30 m"), 9_000_000);
    assert.equal(parse("1 hour, 20 mins"), 4_800_000);
  });

  it("reads unit words in any case", () => {
    assert.equal(parse("3 Minutes"), 180_000);
    assert.equal(parse("1 day 1 second"), 86_401_000);
  });

  it("rejects unknown units", () => {
    assert.throws(() => parse("3w"), RangeError);
  });

  it("rejects empty text", () => {
    assert.throws(() => parse("  "), RangeError);
  });

  it("rejects a number without a unit", () => {
    assert.throws(() => parse("15"), /not a duration/);
  });
});
