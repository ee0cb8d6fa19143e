import { describe, expect, it } from "vitest";
import { contains, isEmpty, length, overlaps, span } from "../src";

describe("span", () => {
  it("keeps its bounds", () => {
    expect(span(2, 5)).toEqual({ start: 2, end: 5 });
  });

  it("rejects an end before the start", () => {
    expect(() => span(5, 2)).toThrow(RangeError);
  });

  it("rejects infinite bounds", () => {
    expect(() => span(0, Infinity)).toThrow(/finite/);
  });

  it("may be empty", () => {
    expect(isEmpty(span(3, 3))).toBe(true);
    expect(length(span(3, 3))).toBe(0);
  });
});

describe("contains", () => {
  it("includes the start and excludes the end", () => {
    expect(contains(span(1, 4), 1)).toBe(true);
    expect(contains(span(1, 4), 3.5)).toBe(true);
    expect(contains(span(1, 4), 4)).toBe(false);
  });
});

describe("overlaps", () => {
  it("is true for spans sharing points", () => {
    expect(overlaps(span(0, 10), span(5, 15))).toBe(true);
    expect(overlaps(span(0, 10), span(2, 3))).toBe(true);
  });

  it("is false for touching spans", () => {
    expect(overlaps(span(0, 10), span(10, 20))).toBe(false);
  });
});
