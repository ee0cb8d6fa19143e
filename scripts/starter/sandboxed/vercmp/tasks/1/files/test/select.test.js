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

  it('orders release candidates numerically', () => {
    assert.deepEqual(sort(['1.0.0-rc.9', '1.0.0-rc.10', '1.0.0-rc.2']), ['1.0.0-rc.2', '1.0.0-rc.9', '1.0.0-rc.10']);
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

  it('picks the newest release candidate', () => {
    assert.equal(maxSatisfying(['2.0.0-rc.8', '2.0.0-rc.9', '2.0.0-rc.10'], '>=2.0.0-rc.1'), '2.0.0-rc.10');
  });

  it('gives null when nothing fits', () => {
    assert.equal(maxSatisfying(['1.2.0'], '^2.0.0'), null);
  });
});
