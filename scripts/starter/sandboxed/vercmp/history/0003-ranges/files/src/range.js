import { compare } from './compare.js';
import { parse } from './parse.js';

const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?$/;
const COMPARATOR = /^(<=|>=|<|>|=)?\s*(\S+)$/;

function isWild(part) {
  return part === undefined || part === 'x' || part === 'X' || part === '*';
}

function version(major, minor, patch, prerelease = []) {
  return { major, minor, patch, prerelease, build: [] };
}

function readPartial(text) {
  const match = PARTIAL.exec(text);
  if (!match) {
    throw new TypeError(`not a version or range: ${JSON.stringify(text)}`);
  }
  const [major, minor, patch] = match.slice(1, 4).map((p) => (isWild(p) ? null : Number(p)));
  if (major === null) {
    return { major: null, minor: null, patch: null, prerelease: [] };
  }
  const prerelease = match[4] ? match[4].split('.') : [];
  return { major, minor: major === null ? null : minor, patch: minor === null ? null : patch, prerelease };
}

/** The lowest allowed version and the first excluded one for ^, ~ and x-ranges (null: no bound). */
function bounds(operator, p) {
  if (p.major === null) {
    return [null, null];
  }
  const low = version(p.major, p.minor ?? 0, p.patch ?? 0, p.prerelease);
  if (p.minor === null) {
    return [low, version(p.major + 1, 0, 0)];
  }
  if (operator === '^') {
    if (p.major > 0) return [low, version(p.major + 1, 0, 0)];
    if (p.minor > 0 || p.patch === null) return [low, version(0, p.minor + 1, 0)];
    return [low, version(0, 0, p.patch + 1)];
  }
  if (operator === '~' || p.patch === null) {
    return [low, version(p.major, p.minor + 1, 0)];
  }
  return [low, null];
}

function test(operator, bound, v) {
  const order = compare(v, bound);
  switch (operator) {
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '>=': return order >= 0;
    default: return order === 0;
  }
}

/** Does one comparator (">=1.2.0", "^1.2", "1.2.x", "1.2.3") admit v? */
function admits(comparator, v) {
  if (comparator === '*' || comparator === '') {
    return true;
  }
  if (comparator[0] === '^' || comparator[0] === '~') {
    const [low, high] = bounds(comparator[0], readPartial(comparator.slice(1).trim()));
    return (low === null || compare(v, low) >= 0) && (high === null || compare(v, high) < 0);
  }
  const match = COMPARATOR.exec(comparator);
  if (!match) {
    throw new TypeError(`not a comparator: ${JSON.stringify(comparator)}`);
  }
  const operator = match[1] || '=';
  const partial = readPartial(match[2]);
  const exact = partial.patch !== null;
  if (operator === '=' && !exact) {
    const [low, high] = bounds('', partial);
    return (low === null || compare(v, low) >= 0) && (high === null || compare(v, high) < 0);
  }
  const bound = exact ? version(partial.major, partial.minor, partial.patch, partial.prerelease)
    : version(partial.major ?? 0, partial.minor ?? 0, 0);
  return test(operator, bound, v);
}

/**
 * satisfies('1.4.0', '^1.2.0 || ~2.0.1') -> true
 * A range is one or more sets joined with ||; a set is comparators separated by spaces, all of
 * which must admit the version.
 */
export function satisfies(text, range) {
  const v = typeof text === 'string' ? parse(text) : text;
  return String(range).split('||').some((set) => {
    const comparators = set.trim().replace(/(<=|>=|<|>|=|\^|~)\s+/g, '$1').split(/\s+/);
    return comparators.every((comparator) => admits(comparator, v));
  });
}
