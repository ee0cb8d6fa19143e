export interface Unit {
  /** Short symbol, as in "1h". */
  symbol: string;
  /** Length in milliseconds. */
  ms: number;
}

/** Largest first. */
export const UNITS: readonly Unit[] = [
  { symbol: "d", ms: 86_400_000 },
  { symbol: "h", ms: 3_600_000 },
  { symbol: "m", ms: 60_000 },
  { symbol: "s", ms: 1_000 },
  { symbol: "ms", ms: 1 },
];

export function unitBySymbol(symbol: string): Unit | undefined {
  return UNITS.find((unit) => unit.symbol === symbol);
}
