import { describe, expect, it } from "vitest";
import { SpanSet, span } from "../src";

describe("SpanSet", () => {
  describe("add", () => {
    it("keeps separate spans apart, in order", () => {
      const set = new SpanSet().add(span(10, 20)).add(span(0, 5));
      expect(set.spans()).toEqual([span(0, 5), span(10, 20)]);
    });

    it("merges overlapping spans", () => {
      const set = new SpanSet([span(0, 10), span(5, 15)]);
      expect(set.spans()).toEqual([span(0, 15)]);
    });

    it("merges touching spans", () => {
      const set = new SpanSet([span(0, 5), span(5, 8)]);
      expect(set.spans()).toEqual([span(0, 8)]);
    });

    it("ignores empty spans", () => {
      expect(new SpanSet([span(3, 3)]).size).toBe(0);
    });

    it("merges a span that bridges two others", () => {
      const set = new SpanSet([span(0, 2), span(4, 6)]).add(span(1, 5));
      expect(set.spans()).toEqual([span(0, 6)]);
    });
  });

  describe("has", () => {
    it("answers for points in and out of the set", () => {
      const set = new SpanSet([span(0, 5), span(10, 20)]);
      expect(set.has(0)).toBe(true);
      expect(set.has(5)).toBe(false);
      expect(set.has(15)).toBe(true);
    });
  });

  describe("total", () => {
    it("counts overlapping time once", () => {
      expect(new SpanSet([span(0, 10), span(5, 15), span(20, 25)]).total()).toBe(20);
    });

    it("is 0 for an empty set", () => {
      expect(new SpanSet().total()).toBe(0);
    });
  });
});
