const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/**
 * parse('1.4.2-beta.1+exp.sha.5114f85') ->
 *   { major: 1, minor: 4, patch: 2, prerelease: ['beta', '1'], build: ['exp', 'sha', '5114f85'] }
 * Throws a TypeError on anything that is not a version.
 */
export function parse(text) {
  const match = VERSION.exec(String(text).trim());
  if (!match) {
    throw new TypeError(`not a version: ${JSON.stringify(text)}`);
  }
  const prerelease = match[4] ? match[4].split('.') : [];
  if (prerelease.some((part) => part === '')) {
    throw new TypeError(`empty pre-release identifier in ${JSON.stringify(text)}`);
  }
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease,
    build: match[5] ? match[5].split('.') : [],
  };
}

export function format(version) {
  let text = `${version.major}.${version.minor}.${version.patch}`;
  if (version.prerelease && version.prerelease.length) {
    text += `-${version.prerelease.join('.')}`;
  }
  return text;
}
