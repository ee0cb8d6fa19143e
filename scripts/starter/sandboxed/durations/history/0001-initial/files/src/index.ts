export { parse } from "./parse";
export { UNITS, type Unit } from "./units";
