const CORE = /^v?(\d+)\.(\d+)\.(\d+)$/;

/** parse('1.4.2') -> { major: 1, minor: 4, patch: 2 }; throws on anything else. */
export function parse(text) {
  const match = CORE.exec(String(text).trim());
  if (!match) {
    throw new TypeError(`not a version: ${JSON.stringify(text)}`);
  }
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function format(version) {
  return `${version.major}.${version.minor}.${version.patch}`;
}
