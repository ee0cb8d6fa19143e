export { parse, format } from './parse.js';
export { compare } from './compare.js';
