export { parse, format } from './parse.js';
export { compare } from './compare.js';
export { satisfies } from './range.js';
export { sort, maxSatisfying } from './select.js';
