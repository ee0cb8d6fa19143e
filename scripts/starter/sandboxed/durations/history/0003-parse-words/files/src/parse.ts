import { unitByName } from "./units";

const PART = /\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]+)\s*,?/y;

/**
 * parse("1h30m") -> 5400000; also "1.5h", "2 h 30 m", "3 minutes", "1 hour, 20 mins".
 * Throws a RangeError for text that is not a duration. Fractions of a millisecond are rounded.
 */
export function parse(text: string): number {
  const input = text.trim();
  if (input === "") {
    throw new RangeError("empty duration");
  }
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const start = PART.lastIndex;
    const match = PART.exec(input);
    const unit = match ? unitByName(match[2]) : undefined;
    if (!match || !unit) {
      throw new RangeError(`not a duration: ${JSON.stringify(text)} (at position ${start})`);
    }
    total += Number(match[1]) * unit.ms;
  }
  return Math.round(total);
}
