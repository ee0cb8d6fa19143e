import { UNITS, type Unit } from "./units";

export interface FormatOptions {
  /** At most this many units are shown (default 2): 1h 30m, not 1h 30m 15s. */
  maxParts?: number;
  /** Unit names instead of symbols: "1 hour 30 minutes" rather than "1h 30m". */
  long?: boolean;
}

const SECOND = 1_000;

function part(count: number, unit: Unit, long: boolean): string {
  if (!long) {
    return `${count}${unit.symbol}`;
  }
  return `${count} ${count === 1 ? unit.names[0] : unit.names[1]}`;
}

/** Index (in `units`) of the largest unit not longer than `ms`. */
function largest(units: readonly Unit[], ms: number): number {
  const index = units.findIndex((unit) => ms >= unit.ms);
  return index === -1 ? units.length - 1 : index;
}

/**
 * format(5_415_000) -> "1h 30m". The largest unit comes first; the duration is rounded to the
 * last unit shown (carrying into larger units: 59.7s is "1m", not "60s") and units that come out
 * as zero are left out. Durations under a second are shown in ms.
 */
export function format(ms: number, options: FormatOptions = {}): string {
  const maxParts = Math.max(1, options.maxParts ?? 2);
  const long = options.long ?? false;
  const sign = ms < 0 ? "-" : "";
  let rest = Math.round(Math.abs(ms));
  if (rest < SECOND) {
    return sign + part(rest, UNITS[UNITS.length - 1], long);
  }
  const units = UNITS.filter((unit) => unit.ms >= SECOND);
  const smallest = units[Math.min(largest(units, rest) + maxParts, units.length) - 1];
  rest = Math.round(rest / smallest.ms) * smallest.ms;
  const first = largest(units, rest);
  const last = Math.min(first + maxParts, units.length) - 1;
  const parts: string[] = [];
  for (let i = first; i <= last; i += 1) {
    const unit = units[i];
    const count = Math.floor(rest / unit.ms);
    rest -= count * unit.ms;
    if (count > 0) {
      parts.push(part(count, unit, long));
    }
  }
  return sign + parts.join(" ");
}
