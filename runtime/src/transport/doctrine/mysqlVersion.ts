/** The oldest servers with SELECT … FOR UPDATE SKIP LOCKED, which taking a message needs. */
const MINIMUM = { MariaDB: [10, 6], MySQL: [8, 0] } as const;

/**
 * Why the server of `version` (what `SELECT VERSION()` says, e.g. `10.11.6-MariaDB-0+deb12u1`
 * or `8.0.36`) cannot run the transport, or undefined when it can.
 */
export function checkServerVersion(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (match === null) return undefined;
  const product = /mariadb/i.test(version) ? 'MariaDB' : 'MySQL';
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const [needMajor, needMinor] = MINIMUM[product];
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `the server is ${product} ${version}: the Doctrine transport takes messages with SELECT … FOR UPDATE SKIP LOCKED, which needs MariaDB 10.6 or newer, or MySQL 8.0 or newer. Upgrade the server, or use another transport.`;
}
