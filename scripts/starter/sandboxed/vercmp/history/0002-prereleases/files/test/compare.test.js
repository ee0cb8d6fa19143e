import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compare } from '../src/index.js';

describe('compare', () => {
  it('orders by major, then minor, then patch', () => {
    assert.equal(compare('1.2.3', '2.0.0'), -1);
    assert.equal(compare('1.3.0', '1.2.9'), 1);
    assert.equal(compare('1.2.4', '1.2.3'), 1);
  });

  it('compares numbers, not text', () => {
    assert.equal(compare('1.10.0', '1.9.0'), 1);
  });

  it('says 0 for equal versions', () => {
    assert.equal(compare('v1.0.0', '1.0.0'), 0);
  });

  it('sorts a list', () => {
    assert.deepEqual(['1.10.0', '1.2.0', '0.9.1'].sort(compare), ['0.9.1', '1.2.0', '1.10.0']);
  });

  it('puts a pre-release before its release', () => {
    assert.equal(compare('1.0.0-rc.1', '1.0.0'), -1);
    assert.equal(compare('1.0.0', '1.0.0-rc.1'), 1);
  });

  it('orders pre-release labels alphabetically', () => {
    assert.equal(compare('1.0.0-alpha', '1.0.0-beta'), -1);
    assert.equal(compare('1.0.0-rc.1', '1.0.0-beta.1'), 1);
  });

  it('ignores build metadata', () => {
    assert.equal(compare('1.0.0+build.1', '1.0.0+build.2'), 0);
  });
});
