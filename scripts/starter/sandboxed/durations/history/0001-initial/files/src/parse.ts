import { unitBySymbol } from "./units";

const PART = /(\d+)(ms|s|m|h|d)/y;

/** parse("1h30m") -> 5400000. Throws a RangeError for text that is not a duration. */
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
    if (!match) {
      throw new RangeError(`not a duration: ${JSON.stringify(text)} (at position ${start})`);
    }
    total += Number(match[1]) * unitBySymbol(match[2])!.ms;
  }
  return total;
}
