import { parse } from './parse.js';

function sign(n) {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function toVersion(value) {
  return typeof value === 'string' ? parse(value) : value;
}

const NUMERIC = /^\d+$/;

/** One pre-release identifier against another: numbers numerically, below any text; text in ASCII order. */
function compareIdentifier(a, b) {
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) {
    return sign(a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0);
  }
  if (aNumeric !== bNumeric) {
    return aNumeric ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A version without a pre-release is higher than the same version with one. Otherwise the
 * identifiers are compared one by one; when all shared ones are equal, fewer identifiers is lower.
 */
function comparePrerelease(a, b) {
  if (!a.length && !b.length) {
    return 0;
  }
  if (!a.length) {
    return 1;
  }
  if (!b.length) {
    return -1;
  }
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const order = compareIdentifier(a[i], b[i]);
    if (order !== 0) {
      return order;
    }
  }
  return sign(a.length - b.length);
}

/**
 * -1 when a is lower than b, 1 when higher, 0 when equal. Takes strings or parsed versions.
 * Build metadata does not count.
 */
export function compare(a, b) {
  const x = toVersion(a);
  const y = toVersion(b);
  return (
    sign(x.major - y.major) ||
    sign(x.minor - y.minor) ||
    sign(x.patch - y.patch) ||
    comparePrerelease(x.prerelease || [], y.prerelease || [])
  );
}
