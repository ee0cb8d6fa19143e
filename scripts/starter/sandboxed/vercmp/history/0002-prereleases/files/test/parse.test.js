import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse, format } from '../src/index.js';

describe('parse', () => {
  it('reads major, minor and patch', () => {
    assert.deepEqual(parse('1.4.2'), { major: 1, minor: 4, patch: 2, prerelease: [], build: [] });
  });

  it('accepts a leading v', () => {
    const { major, minor, patch } = parse('v2.0.10');
    assert.deepEqual([major, minor, patch], [2, 0, 10]);
  });

  it('reads pre-release identifiers', () => {
    assert.deepEqual(parse('1.0.0-beta.2').prerelease, ['beta', '2']);
  });

  it('reads build metadata', () => {
    assert.deepEqual(parse('1.0.0+exp.sha.5114f85').build, ['exp', 'sha', '5114f85']);
  });

  it('reads both', () => {
    const version = parse('1.0.0-rc.1+build.7');
    assert.deepEqual([version.prerelease, version.build], [['rc', '1'], ['build', '7']]);
  });

  it('rejects incomplete versions', () => {
    assert.throws(() => parse('1.2'), TypeError);
  });

  it('rejects empty pre-release identifiers', () => {
    assert.throws(() => parse('1.0.0-beta..1'), TypeError);
  });

  it('rejects text', () => {
    assert.throws(() => parse('latest'), /not a version/);
  });
});

describe('format', () => {
  it('writes a version back', () => {
    assert.equal(format(parse('v3.1.4')), '3.1.4');
  });

  it('keeps the pre-release and drops build metadata', () => {
    assert.equal(format(parse('2.0.0-alpha.3+ci.88')), '2.0.0-alpha.3');
  });
});
