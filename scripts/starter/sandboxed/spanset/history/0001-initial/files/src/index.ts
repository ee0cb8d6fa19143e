export { span, length, isEmpty, contains, overlaps, type Span } from "./span";
