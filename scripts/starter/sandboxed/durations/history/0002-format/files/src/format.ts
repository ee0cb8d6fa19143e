import { UNITS, type Unit } from "./units";

export interface FormatOptions {
  /** At most this many units are shown (default 2): 1h 30m, not 1h 30m 15s. */
  maxParts?: number;
}

const SECOND = 1_000;

function part(count: number, unit: Unit): string {
  return `${count}${unit.symbol}`;
}

/**
 * format(5_415_000) -> "1h 30m". The largest unit comes first; the last unit shown is rounded
 * and units that come out as zero are left out. Durations under a second are shown in ms.
 */
export function format(ms: number, options: FormatOptions = {}): string {
  const maxParts = Math.max(1, options.maxParts ?? 2);
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(ms);
  if (rest < SECOND) {
    return `${sign}${Math.round(rest)}ms`;
  }
  const units = UNITS.filter((unit) => unit.ms >= SECOND);
  const first = units.findIndex((unit) => rest >= unit.ms);
  const last = Math.min(first + maxParts, units.length) - 1;
  const parts: string[] = [];
  for (let i = first; i <= last; i += 1) {
    const unit = units[i];
    const count = i === last ? Math.round(rest / unit.ms) : Math.floor(rest / unit.ms);
    rest -= count * unit.ms;
    if (count > 0) {
      parts.push(part(count, unit));
    }
  }
  return sign + parts.join(" ");
}
