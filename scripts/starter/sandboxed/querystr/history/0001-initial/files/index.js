'use strict';

function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch (err) {
    return text; // leave malformed escapes as they are
  }
}

function encode(text) {
  return encodeURIComponent(text);
}

function parse(query) {
  const result = {};
  if (typeof query !== 'string') {
    return result;
  }
  const text = query.replace(/^[?#]/, '');
  for (const pair of text.split('&')) {
    if (pair === '') {
      continue;
    }
    const at = pair.indexOf('=');
    const key = decode(at === -1 ? pair : pair.slice(0, at));
    const value = at === -1 ? null : decode(pair.slice(at + 1));
    result[key] = value;
  }
  return result;
}

function stringify(object) {
  const parts = [];
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined) {
      continue;
    }
    if (value === null) {
      parts.push(encode(key));
    } else {
      parts.push(encode(key) + '=' + encode(String(value)));
    }
  }
  return parts.join('&');
}

module.exports = { parse, stringify };
