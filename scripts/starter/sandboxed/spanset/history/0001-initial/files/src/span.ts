/** The half-open interval [start, end): start is in it, end is not. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export function span(start: number, end: number): Span {
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RangeError(`span bounds must be finite numbers, got ${start} and ${end}`);
  }
  if (end < start) {
    throw new RangeError(`span ends before it starts: [${start}, ${end})`);
  }
  return { start, end };
}

export function length(s: Span): number {
  return s.end - s.start;
}

export function isEmpty(s: Span): boolean {
  return s.end === s.start;
}

export function contains(s: Span, point: number): boolean {
  return s.start <= point && point < s.end;
}

/** True when the spans share at least one point (touching spans do not). */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
