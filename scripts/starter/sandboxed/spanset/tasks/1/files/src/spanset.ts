import { contains, isEmpty, length, span, type Span } from "./span";

/**
 * A set of numbers kept as sorted, disjoint, non-touching spans. Adding a span merges it with
 * every span it overlaps or touches: {[0, 5), [5, 8)} is kept as {[0, 8)}.
 */
export class SpanSet {
  private list: Span[] = [];

  constructor(spans: Iterable<Span> = []) {
    for (const s of spans) {
      this.add(s);
    }
  }

  add(s: Span): this {
    if (isEmpty(s)) {
      return this;
    }
    const sorted = [...this.list, s].sort((a, b) => a.start - b.start);
    const merged: { start: number; end: number }[] = [];
    for (const current of sorted) {
      const last = merged[merged.length - 1];
      if (last !== undefined && current.start <= last.end) {
        last.end = Math.max(last.end, current.end); // current may end inside last
      } else {
        merged.push({ start: current.start, end: current.end });
      }
    }
    this.list = merged.map((m) => span(m.start, m.end));
    return this;
  }

  /** Take `s` out of the set; a span that covers the middle of a stored one splits it. */
  remove(s: Span): this {
    if (isEmpty(s)) {
      return this;
    }
    const kept: Span[] = [];
    for (const current of this.list) {
      if (current.end <= s.start || s.end <= current.start) {
        kept.push(current);
        continue;
      }
      if (current.start < s.start) {
        kept.push(span(current.start, s.start));
      }
      if (s.end < current.end) {
        kept.push(span(s.end, current.end));
      }
    }
    this.list = kept;
    return this;
  }

  has(point: number): boolean {
    return this.list.some((s) => contains(s, point));
  }

  /** The merged spans, in order. */
  spans(): Span[] {
    return [...this.list];
  }

  /** The parts of `within` the set does not cover, in order. */
  gaps(within: Span): Span[] {
    const free: Span[] = [];
    let cursor = within.start;
    for (const s of this.list) {
      if (s.end <= cursor) {
        continue;
      }
      if (s.start >= within.end) {
        break;
      }
      if (s.start > cursor) {
        free.push(span(cursor, s.start));
      }
      cursor = Math.max(cursor, s.end);
    }
    if (cursor < within.end) {
      free.push(span(cursor, within.end));
    }
    return free;
  }

  /** How many units the set covers. */
  total(): number {
    return this.list.reduce((sum, s) => sum + length(s), 0);
  }

  get size(): number {
    return this.list.length;
  }
}
