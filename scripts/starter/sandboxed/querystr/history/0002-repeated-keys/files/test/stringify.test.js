'use strict';

const assert = require('node:assert/strict');
const { stringify } = require('..');

describe('stringify', () => {
  it('joins pairs with &', () => {
    assert.equal(stringify({ a: '1', b: 'two' }), 'a=1&b=two');
  });

  it('encodes keys and values', () => {
    assert.equal(stringify({ 'a b': 'c&d' }), 'a%20b=c%26d');
  });

  it('writes null as a bare key', () => {
    assert.equal(stringify({ debug: null }), 'debug');
  });

  it('leaves out undefined values', () => {
    assert.equal(stringify({ a: undefined, b: 'x' }), 'b=x');
  });

  it('turns numbers into text', () => {
    assert.equal(stringify({ page: 2 }), 'page=2');
  });

  it('writes arrays as repeated keys', () => {
    assert.equal(stringify({ tag: ['a', 'b'], x: 1 }), 'tag=a&tag=b&x=1');
  });

  it('writes nothing for an empty array', () => {
    assert.equal(stringify({ tag: [], x: 1 }), 'x=1');
  });
});
