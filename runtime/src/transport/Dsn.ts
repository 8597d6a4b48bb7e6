import { InvalidDsnException } from '../errors/InvalidDsnException.js';

/**
 * A transport DSN, split the way PHP's parse_url does (Symfony parses DSNs with it), so that
 * DSNs written for Symfony mean the same here. `rest` keeps everything after `scheme://` and
 * before `?` for transports that read it as a path (`sqlite://var/messenger.db`).
 */
export class Dsn {
  private constructor(
    readonly raw: string,
    readonly scheme: string,
    readonly user: string | undefined,
    readonly password: string | undefined,
    readonly host: string,
    readonly port: number | undefined,
    readonly path: string,
    readonly rest: string,
    readonly query: Readonly<Record<string, string>>,
  ) {}

  /** Parses a DSN; throws InvalidDsnException (which never shows the DSN) when it does not parse. */
  static parse(raw: string): Dsn {
    const trimmed = raw.trim();
    const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^?#]*)(?:\?([^#]*))?(?:#.*)?$/s.exec(trimmed);
    if (match === null) throw new InvalidDsnException(missingSchemeReason(trimmed));
    const [, scheme, rest = '', queryString = ''] = match;
    const slashAt = rest.indexOf('/');
    const at = rest.lastIndexOf('@', slashAt === -1 ? undefined : slashAt);
    const userInfo = at === -1 ? undefined : rest.slice(0, at);
    const afterUser = at === -1 ? rest : rest.slice(at + 1);
    const slash = afterUser.indexOf('/');
    const authority = slash === -1 ? afterUser : afterUser.slice(0, slash);
    const afterAuthority = trimmed.slice(scheme!.length + 3 + (rest.length - afterUser.length) + authority.length);
    checkAuthority(authority, userInfo !== undefined, afterAuthority);
    const path = slash === -1 ? '' : afterUser.slice(slash);
    const portMatch = /^(.*):(\d+)$/.exec(authority);
    const host = decodeDsnPart(portMatch ? portMatch[1]! : authority);
    const port = portMatch ? Number(portMatch[2]) : undefined;
    let user: string | undefined;
    let password: string | undefined;
    if (userInfo !== undefined) {
      const colon = userInfo.indexOf(':');
      user = decodeDsnPart(colon === -1 ? userInfo : userInfo.slice(0, colon));
      password = colon === -1 ? undefined : decodeDsnPart(userInfo.slice(colon + 1));
    }
    return new Dsn(
      raw,
      scheme!.toLowerCase(),
      user,
      password,
      host,
      port,
      path,
      rest,
      Object.fromEntries(new URLSearchParams(queryString)),
    );
  }

  /** The DSN with its credentials replaced by `****`, for every log, view and error. */
  toString(): string {
    return maskDsn(this.raw);
  }
}

const ENCODE_HINT = 'a "/", "#", "?" or "@" in a user name or password must be percent-encoded (%2F, %23, %3F, %40)';

function missingSchemeReason(dsn: string): string {
  const oneSlash = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/(?!\/)/.exec(dsn);
  if (oneSlash !== null) return `"${oneSlash[1]}:/" has one slash: a DSN starts with "${oneSlash[1]}://"`;
  return 'it does not start with <scheme>://, e.g. "sync://", "sqlite://var/messenger.db" or "postgres://user:password@host:5432/db"';
}

/** host[:port], or a comma-separated list of them (cluster DSNs); `[…]` for IPv6. */
const AUTHORITY = /^(?:\[[^\]]*\]|[^:,[\]@]*)(?::\d*)?(?:,(?:\[[^\]]*\]|[^:,[\]@]*)(?::\d*)?)*$/;

/**
 * Refuses an authority that is not host[:port]: it is what a password holding an unencoded
 * "/", "#" or "?" leaves behind (`user:s3` of `user:s3/cr@host`), and it must never reach a DNS
 * resolver or an error message as a host name. `after` is the rest of the DSN: path, query, fragment.
 */
function checkAuthority(authority: string, hasUserInfo: boolean, after: string): void {
  // sqlite://:memory: names the private in-memory database, not a host.
  if (authority === ':memory:') return;
  if (!AUTHORITY.test(authority)) throw new InvalidDsnException(`its host and port do not parse: ${ENCODE_HINT}`);
  if (!hasUserInfo && authority.includes(':') && after.includes('@'))
    throw new InvalidDsnException(`an "@" comes after its host and port: ${ENCODE_HINT}`);
  for (const port of authority.matchAll(/:(\d+)(?=,|$)/g)) {
    const n = Number(port[1]);
    if (n < 1 || n > 65535) throw new InvalidDsnException('its port must be a number from 1 to 65535');
  }
}

/** Percent-decodes a part of a DSN; a part that is not valid percent-encoding is kept as written (PHP's urldecode does not fail either). */
export function decodeDsnPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const SECRET_QUERY_KEYS =
  /^(password|pass|passwd|sslpassword|auth|secret|secret_key|access_key|token|sasl_password|key_password)$/i;

/**
 * Masks the credentials of a DSN: the password of `user:password@`, a lone `secret@` (Redis
 * takes the password there), and secret query parameters. Works on unparseable strings too.
 * The user info runs to the last `@` of the DSN, so a password holding a raw `/`, `#`, `?` or
 * `@` (written unencoded by mistake) is masked whole rather than leaked in part.
 */
export function maskDsn(dsn: string): string {
  return dsn
    .replace(/(:\/\/)([\s\S]*)@/, (_all, sep: string, userInfo: string) => {
      const colon = userInfo.indexOf(':');
      return `${sep}${colon === -1 || userInfo.slice(0, colon).includes('/') ? '****' : `${userInfo.slice(0, colon)}:****`}@`;
    })
    .replace(/([?&])([^=&#]+)=([^&#]*)/g, (all, sep: string, key: string) =>
      SECRET_QUERY_KEYS.test(decodeDsnPart(key)) ? `${sep}${key}=****` : all,
    );
}
