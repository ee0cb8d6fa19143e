import { parse } from './parse.js';

function sign(n) {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** -1 when a is lower than b, 1 when higher, 0 when equal. Takes strings or parsed versions. */
export function compare(a, b) {
  const x = typeof a === 'string' ? parse(a) : a;
  const y = typeof b === 'string' ? parse(b) : b;
  return sign(x.major - y.major) || sign(x.minor - y.minor) || sign(x.patch - y.patch);
}
