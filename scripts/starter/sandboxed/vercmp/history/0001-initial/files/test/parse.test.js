import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse, format } from '../src/index.js';

describe('parse', () => {
  it('reads major, minor and patch', () => {
    assert.deepEqual(parse('1.4.2'), { major: 1, minor: 4, patch: 2 });
  });

  it('accepts a leading v', () => {
    assert.deepEqual(parse('v2.0.10'), { major: 2, minor: 0, patch: 10 });
  });

  it('rejects incomplete versions', () => {
    assert.throws(() => parse('1.2'), TypeError);
  });

  it('rejects text', () => {
    assert.throws(() => parse('latest'), /not a version/);
  });
});

describe('format', () => {
  it('writes a version back', () => {
    assert.equal(format(parse('v3.1.4')), '3.1.4');
  });
});
