'use strict';

function decode(text) {
  // application/x-www-form-urlencoded (what HTML forms send) writes spaces as '+';
  // a literal plus arrives as %2B, so '+' can be turned into a space before unescaping.
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch (err) {
    return spaced; // leave malformed escapes as they are
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

function addToArray(result, key, value) {
  const current = Object.prototype.hasOwnProperty.call(result, key) ? result[key] : [];
  result[key] = (Array.isArray(current) ? current : [current]).concat([value]);
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
    if (key.endsWith('[]') && key.length > 2) {
      addToArray(result, key.slice(0, -2), value);
    } else {
      add(result, key, value);
    }
  }
  return result;
}

function pair(name, value) {
  return value === null ? name : name + '=' + encode(String(value));
}

/**
 * stringify(object, options)
 *   options.sort      order keys alphabetically
 *   options.skipNull  leave null values out (by default null is written as a bare key)
 *   options.arrayFormat  'repeat' (default): tag=a&tag=b; 'bracket': tag[]=a&tag[]=b
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
    const bracket = Array.isArray(value) && options.arrayFormat === 'bracket';
    const name = encode(key) + (bracket ? '[]' : '');
    for (const item of values) {
      // undefined is always left out, null only with skipNull
      if (!item && (item !== null || options.skipNull)) {
        continue;
      }
      parts.push(pair(name, item));
    }
  }
  return parts.join('&');
}

module.exports = { parse, stringify };
