import { compare } from './compare.js';
import { parse } from './parse.js';
import { satisfies } from './range.js';

/** A new array of the versions in ascending order (the input is left as it is). */
export function sort(list) {
  return list
    .map((text) => ({ text, version: parse(text) }))
    .sort((a, b) => compare(a.version, b.version))
    .map((entry) => entry.text);
}

/** The highest version of the list that satisfies the range, or null when none does. */
export function maxSatisfying(list, range) {
  let best = null;
  for (const text of list) {
    if (satisfies(text, range) && (best === null || compare(text, best) > 0)) {
      best = text;
    }
  }
  return best;
}
