import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { satisfies } from '../src/index.js';

describe('satisfies', () => {
  it('checks comparators', () => {
    assert.equal(satisfies('1.5.0', '>=1.2.0 <2.0.0'), true);
    assert.equal(satisfies('2.0.0', '>=1.2.0 <2.0.0'), false);
    assert.equal(satisfies('1.2.0', '> 1.2.0'), false);
  });

  it('reads caret ranges', () => {
    assert.equal(satisfies('1.9.9', '^1.2.3'), true);
    assert.equal(satisfies('2.0.0', '^1.2.3'), false);
    assert.equal(satisfies('0.2.5', '^0.2.3'), true);
    assert.equal(satisfies('0.3.0', '^0.2.3'), false);
    assert.equal(satisfies('0.0.4', '^0.0.3'), false);
  });

  it('reads tilde ranges', () => {
    assert.equal(satisfies('1.2.9', '~1.2.3'), true);
    assert.equal(satisfies('1.3.0', '~1.2.3'), false);
  });

  it('reads x-ranges', () => {
    assert.equal(satisfies('1.2.7', '1.2.x'), true);
    assert.equal(satisfies('1.3.0', '1.x'), true);
    assert.equal(satisfies('2.0.0', '1.x'), false);
    assert.equal(satisfies('9.9.9', '*'), true);
  });

  it('reads alternatives', () => {
    assert.equal(satisfies('3.1.0', '^1.0.0 || ^3.0.0'), true);
    assert.equal(satisfies('2.1.0', '^1.0.0 || ^3.0.0'), false);
  });

  it('compares pre-releases against pre-release bounds', () => {
    assert.equal(satisfies('2.0.0-rc.1', '>=2.0.0-beta.1'), true);
    assert.equal(satisfies('2.0.0-alpha.1', '>=2.0.0-beta.1'), false);
  });

  it('rejects nonsense', () => {
    assert.throws(() => satisfies('1.0.0', '>=banana'), TypeError);
  });
});
