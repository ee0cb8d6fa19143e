export { parse } from "./parse";
export { format, type FormatOptions } from "./format";
export { UNITS, type Unit } from "./units";
