export interface Unit {
  /** Short symbol, as in "1h". */
  symbol: string;
  /** Length in milliseconds. */
  ms: number;
  /** Singular and plural names, as in "1 hour", "2 hours". */
  names: readonly [string, string];
  /** Other spellings parse() accepts. */
  aliases: readonly string[];
}

/** Largest first. */
export const UNITS: readonly Unit[] = [
  { symbol: "d", ms: 86_400_000, names: ["day", "days"], aliases: [] },
  { symbol: "h", ms: 3_600_000, names: ["hour", "hours"], aliases: ["hr", "hrs"] },
  { symbol: "m", ms: 60_000, names: ["minute", "minutes"], aliases: ["min", "mins"] },
  { symbol: "s", ms: 1_000, names: ["second", "seconds"], aliases: ["sec", "secs"] },
  { symbol: "ms", ms: 1, names: ["millisecond", "milliseconds"], aliases: [] },
];

export function unitBySymbol(symbol: string): Unit | undefined {
  return UNITS.find((unit) => unit.symbol === symbol);
}

/** The unit a word or symbol names ("h", "hours", "min"), case-insensitive. */
export function unitByName(name: string): Unit | undefined {
  const word = name.toLowerCase();
  return UNITS.find((unit) => unit.symbol === word || unit.names.includes(word) || unit.aliases.includes(word));
}
