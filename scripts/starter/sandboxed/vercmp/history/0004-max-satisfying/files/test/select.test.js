import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maxSatisfying, sort } from '../src/index.js';

describe('sort', () => {
  it('orders versions ascending', () => {
    assert.deepEqual(sort(['1.10.0', 'v1.2.0', '0.9.1']), ['0.9.1', 'v1.2.0', '1.10.0']);
  });

  it('puts pre-releases before their release', () => {
    assert.deepEqual(sort(['2.0.0', '2.0.0-rc.1', '1.9.0']), ['1.9.0', '2.0.0-rc.1', '2.0.0']);
  });

  it('leaves the input alone', () => {
    const list = ['2.0.0', '1.0.0'];
    sort(list);
    assert.deepEqual(list, ['2.0.0', '1.0.0']);
  });
});

describe('maxSatisfying', () => {
  it('picks the highest version in range', () => {
    assert.equal(maxSatisfying(['1.2.0', '1.4.1', '2.0.0', '1.3.9'], '^1.2.0'), '1.4.1');
  });

  it('gives null when nothing fits', () => {
    assert.equal(maxSatisfying(['1.2.0'], '^2.0.0'), null);
  });
});
