import { parse } from './parse.js';

function sign(n) {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function toVersion(value) {
  return typeof value === 'string' ? parse(value) : value;
}

/** A version without a pre-release is higher than the same version with one. */
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
  const x = a.join('.');
  const y = b.join('.');
  return x < y ? -1 : x > y ? 1 : 0;
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
