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

function add(result, key, value) {
  if (!Object.prototype.hasOwnProperty.call(result, key)) {
    result[key] = value;
  } else if (Array.isArray(result[key])) {
    result[key].push(value);
  } else {
    result[key] = [result[key], value];
  }
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
    add(result, key, value);
  }
  return result;
}

function pair(key, value) {
  return value === null ? encode(key) : encode(key) + '=' + encode(String(value));
}

/**
 * stringify(object, options)
 *   options.sort      order keys alphabetically
 *   options.skipNull  leave null values out (by default null is written as a bare key)
 */
function stringify(object, options = {}) {
  const keys = Object.keys(object);
  if (options.sort) {
    keys.sort();
  }
  const parts = [];
  for (const key of keys) {
    const value = object[key];
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      // undefined is always left out, null only with skipNull
      if (!item && (item !== null || options.skipNull)) {
        continue;
      }
      parts.push(pair(key, item));
    }
  }
  return parts.join('&');
}

module.exports = { parse, stringify };
