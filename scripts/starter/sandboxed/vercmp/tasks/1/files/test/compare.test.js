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

  it('compares numeric pre-release parts as numbers', () => {
    assert.equal(compare('1.0.0-rc.10', '1.0.0-rc.2'), 1);
    assert.equal(compare('1.0.0-beta.11', '1.0.0-beta.2'), 1);
    assert.equal(compare('1.0.0-rc.2', '1.0.0-rc.10'), -1);
  });

  it('compares purely numeric pre-releases as numbers', () => {
    assert.equal(compare('3.0.0-2', '3.0.0-10'), -1);
  });

  it('compares every numeric part as a number', () => {
    assert.equal(compare('1.5.0-nightly.20240301.7', '1.5.0-nightly.20240301.12'), -1);
  });

  it('puts numeric parts before text parts', () => {
    assert.equal(compare('1.0.0-alpha.1', '1.0.0-alpha.beta'), -1);
    assert.equal(compare('1.0.0-alpha.beta', '1.0.0-alpha.1'), 1);
  });

  it('puts the shorter pre-release first when the rest is equal', () => {
    assert.equal(compare('1.0.0-alpha', '1.0.0-alpha.1'), -1);
  });

  it('follows the order given by semver.org', () => {
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2',
      '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    const shuffled = [order[5], order[7], order[0], order[3], order[6], order[2], order[4], order[1]];
    assert.deepEqual(shuffled.sort(compare), order);
  });

  it('says 0 for equal pre-releases', () => {
    assert.equal(compare('1.0.0-rc.10', '1.0.0-rc.10+build.3'), 0);
  });

  it('ignores build metadata', () => {
    assert.equal(compare('1.0.0+build.1', '1.0.0+build.2'), 0);
  });
});
