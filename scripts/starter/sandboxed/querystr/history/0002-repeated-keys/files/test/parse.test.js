'use strict';

const assert = require('node:assert/strict');
const { parse } = require('..');

describe('parse', () => {
  it('reads key=value pairs', () => {
    assert.deepEqual(parse('a=1&b=two'), { a: '1', b: 'two' });
  });

  it('ignores a leading question mark', () => {
    assert.deepEqual(parse('?page=2'), { page: '2' });
  });

  it('decodes percent escapes', () => {
    assert.deepEqual(parse('q=red%20shoes&sym=%26%3D'), { q: 'red shoes', sym: '&=' });
  });

  it('gives null for a key without a value', () => {
    assert.deepEqual(parse('debug&x=1'), { debug: null, x: '1' });
  });

  it('keeps an empty value as an empty string', () => {
    assert.deepEqual(parse('q='), { q: '' });
  });

  it('skips empty pairs', () => {
    assert.deepEqual(parse('a=1&&b=2&'), { a: '1', b: '2' });
  });

  it('leaves malformed escapes alone', () => {
    assert.deepEqual(parse('pct=100%'), { pct: '100%' });
  });

  it('collects repeated keys into an array', () => {
    assert.deepEqual(parse('tag=a&tag=b&tag=c&x=1'), { tag: ['a', 'b', 'c'], x: '1' });
  });

  it('keeps null values in arrays', () => {
    assert.deepEqual(parse('f&f=1'), { f: [null, '1'] });
  });

  it('returns an empty object for non-strings', () => {
    assert.deepEqual(parse(undefined), {});
  });
});
