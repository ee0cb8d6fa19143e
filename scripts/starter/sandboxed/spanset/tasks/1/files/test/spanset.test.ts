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

    it("keeps the outer span when a span inside it is added", () => {
      const set = new SpanSet([span(540, 720)]).add(span(600, 630));
      expect(set.spans()).toEqual([span(540, 720)]);
    });

    it("gives the same set in whichever order nested spans are added", () => {
      expect(new SpanSet().add(span(0, 100)).add(span(10, 20)).spans()).toEqual([span(0, 100)]);
      expect(new SpanSet().add(span(10, 20)).add(span(0, 100)).spans()).toEqual([span(0, 100)]);
    });

    it("swallows every span a longer new span covers", () => {
      const set = new SpanSet([span(0, 10), span(20, 30)]).add(span(0, 40));
      expect(set.spans()).toEqual([span(0, 40)]);
    });

    it("reaches to the end of the last span a new span runs into", () => {
      const set = new SpanSet([span(0, 10), span(20, 30)]).add(span(5, 25));
      expect(set.spans()).toEqual([span(0, 30)]);
    });

    it("keeps a span that starts where a longer one starts", () => {
      const set = new SpanSet([span(0, 50)]).add(span(0, 5));
      expect(set.spans()).toEqual([span(0, 50)]);
    });
  });

  describe("remove", () => {
    it("cuts the end off a span", () => {
      const set = new SpanSet([span(0, 10)]).remove(span(6, 12));
      expect(set.spans()).toEqual([span(0, 6)]);
    });

    it("splits a span in two", () => {
      const set = new SpanSet([span(0, 10)]).remove(span(3, 5));
      expect(set.spans()).toEqual([span(0, 3), span(5, 10)]);
    });

    it("drops spans it covers", () => {
      const set = new SpanSet([span(0, 2), span(4, 6), span(8, 9)]).remove(span(1, 8));
      expect(set.spans()).toEqual([span(0, 1), span(8, 9)]);
    });

    it("leaves the set alone outside it", () => {
      const set = new SpanSet([span(0, 2)]).remove(span(2, 4));
      expect(set.spans()).toEqual([span(0, 2)]);
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

  describe("gaps", () => {
    const day = span(9 * 60, 17 * 60);

    it("lists the free slots of a window", () => {
      const busy = new SpanSet([span(10 * 60, 11 * 60), span(13 * 60, 14 * 60)]);
      expect(busy.gaps(day)).toEqual([span(540, 600), span(660, 780), span(840, 1020)]);
    });

    it("clips spans that stick out of the window", () => {
      const busy = new SpanSet([span(8 * 60, 10 * 60), span(16 * 60, 18 * 60)]);
      expect(busy.gaps(day)).toEqual([span(600, 960)]);
    });

    it("offers no free time inside a long span after a nested one is added", () => {
      const busy = new SpanSet([span(540, 720)]).add(span(600, 630));
      expect(busy.gaps(day)).toEqual([span(720, 1020)]);
    });

    it("is the whole window for an empty set", () => {
      expect(new SpanSet().gaps(day)).toEqual([day]);
    });

    it("is empty when the set covers the window", () => {
      expect(new SpanSet([span(0, 24 * 60)]).gaps(day)).toEqual([]);
    });
  });

  describe("total", () => {
    it("counts overlapping time once", () => {
      expect(new SpanSet([span(0, 10), span(5, 15), span(20, 25)]).total()).toBe(20);
    });

    it("does not shrink when a nested span is added", () => {
      const busy = new SpanSet([span(540, 720)]).add(span(600, 630));
      expect(busy.total()).toBe(180);
      expect(busy.has(700)).toBe(true);
    });

    it("is 0 for an empty set", () => {
      expect(new SpanSet().total()).toBe(0);
    });
  });
});
