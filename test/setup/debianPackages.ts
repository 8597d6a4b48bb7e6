/**
 * The Debian packages the full suite needs, how to tell whether each is there (the command it
 * puts on PATH), and the apt-get commands that install the missing ones. Pure functions of
 * PATH and the user id, so the decisions are tested without uninstalling anything.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export interface DebianRequirement {
  /** The Debian package. */
  readonly package: string;
  /** A command the package puts on PATH, or an absolute path it installs: the sign that it is installed. */
  readonly command: string;
  /** Who needs it, for the message that says what is installed and why. */
  readonly neededBy: string;
}

export const DEBIAN_REQUIREMENTS: readonly DebianRequirement[] = [
  { package: 'chromium', command: 'chromium', neededBy: 'test/vscode.test.ts drives code-server with it' },
  { package: 'libkrb5-dev', command: 'krb5-config', neededBy: "code-server's kerberos module compiles against it" },
  { package: 'neovim', command: 'nvim', neededBy: "test/neovim.test.ts runs the README's Neovim set-up in it" },
  { package: 'redis-sentinel', command: 'redis-sentinel', neededBy: 'the Redis transport tests start a Sentinel' },
  { package: 'beanstalkd', command: 'beanstalkd', neededBy: 'the Beanstalkd transport tests start their own server' },
  // A real Symfony Messenger 5.4 for the interoperability tests (test/interop), without Composer.
  { package: 'php-cli', command: 'php', neededBy: 'test/interop runs Symfony Messenger' },
  { package: 'php-redis', command: '/usr/share/doc/php-redis', neededBy: "Symfony's Redis transport needs phpredis" },
  { package: 'php-amqp', command: '/usr/share/doc/php-amqp', neededBy: "Symfony's AMQP transport needs php-amqp" },
  { package: 'php-xml', command: '/usr/share/doc/php-xml', neededBy: "Symfony's serializer needs it" },
  {
    package: 'php-symfony-messenger',
    command: '/usr/share/php/Symfony/Component/Messenger/MessageBus.php',
    neededBy: 'test/interop',
  },
  {
    package: 'php-symfony-redis-messenger',
    command: '/usr/share/php/Symfony/Component/Messenger/Bridge/Redis/Transport/Connection.php',
    neededBy: 'test/interop (Redis)',
  },
  {
    package: 'php-symfony-amqp-messenger',
    command: '/usr/share/php/Symfony/Component/Messenger/Bridge/Amqp/Transport/Connection.php',
    neededBy: 'test/interop (AMQP)',
  },
  {
    package: 'php-symfony-serializer',
    command: '/usr/share/php/Symfony/Component/Serializer',
    neededBy: 'test/interop',
  },
  {
    package: 'php-symfony-property-access',
    command: '/usr/share/php/Symfony/Component/PropertyAccess',
    neededBy: 'test/interop',
  },
  {
    package: 'php-symfony-property-info',
    command: '/usr/share/php/Symfony/Component/PropertyInfo',
    neededBy: 'test/interop',
  },
];

/** Where the sign of `requirement` is: its command on `path`, or its absolute path when that exists. */
export function locate(requirement: DebianRequirement, path: string = process.env['PATH'] ?? ''): string | undefined {
  if (!isAbsolute(requirement.command)) return which(requirement.command, path);
  return existsSync(requirement.command) ? requirement.command : undefined;
}

/** The full path of `command` on `path` (a PATH value), or undefined. */
export function which(command: string, path: string = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

export function missingRequirements(
  requirements: readonly DebianRequirement[],
  path: string = process.env['PATH'] ?? '',
): DebianRequirement[] {
  return requirements.filter((r) => locate(r, path) === undefined);
}

export interface Machine {
  /** The user id: root installs directly, anyone else through sudo. */
  readonly uid: number;
  readonly path: string;
}

export type InstallPlan =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'apt-get'; readonly commands: readonly (readonly string[])[] }
  | { readonly kind: 'by hand'; readonly reason: string };

/** What to run to install `missing` on this machine: apt-get (through sudo unless root), or a message saying what to install by hand. */
export function installPlan(missing: readonly DebianRequirement[], machine: Machine): InstallPlan {
  if (missing.length === 0) return { kind: 'nothing' };
  const packages = missing.map((r) => r.package);
  const byHand = (why: string): InstallPlan => ({
    kind: 'by hand',
    reason: `${why}: install ${packages.join(', ')} (Debian's names) yourself, then run the tests again.`,
  });
  if (which('apt-get', machine.path) === undefined) return byHand('apt-get is not available');
  const asRoot = machine.uid === 0 ? [] : ['sudo'];
  if (asRoot.length > 0 && which('sudo', machine.path) === undefined)
    return byHand('not root, and sudo is not available');
  const env = ['env', 'DEBIAN_FRONTEND=noninteractive'];
  // Another apt-get may hold the lock (unattended upgrades, a colleague): wait for it.
  const apt = ['apt-get', '-o', 'DPkg::Lock::Timeout=600'];
  return {
    kind: 'apt-get',
    commands: [
      [...asRoot, ...env, ...apt, 'update', '-qq'],
      [...asRoot, ...env, ...apt, 'install', '-y', '-qq', '--no-install-recommends', ...packages],
    ],
  };
}
