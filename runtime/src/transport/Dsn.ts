import { InvalidArgumentException } from '../errors/MessengerException.js';

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

  static parse(raw: string): Dsn {
    const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^?#]*)(?:\?([^#]*))?(?:#.*)?$/.exec(raw.trim());
    if (match === null) {
      throw new InvalidArgumentException(
        `The DSN "${maskDsn(raw)}" is invalid: expected <scheme>://…, e.g. "sync://" or "sqlite://var/messenger.db".`,
      );
    }
    const [, scheme, rest = '', queryString = ''] = match;
    const at = rest.lastIndexOf('@', rest.indexOf('/') === -1 ? undefined : rest.indexOf('/'));
    const userInfo = at === -1 ? undefined : rest.slice(0, at);
    const afterUser = at === -1 ? rest : rest.slice(at + 1);
    const slash = afterUser.indexOf('/');
    const authority = slash === -1 ? afterUser : afterUser.slice(0, slash);
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
 * The user info runs to the last `@` before the query, so a password holding a raw `/` or `@`
 * (written unencoded by mistake) is masked whole rather than leaked in part.
 */
export function maskDsn(dsn: string): string {
  return dsn
    .replace(/(:\/\/)([^?#]*)@/g, (_all, sep: string, userInfo: string) => {
      const colon = userInfo.indexOf(':');
      return `${sep}${colon === -1 || userInfo.slice(0, colon).includes('/') ? '****' : `${userInfo.slice(0, colon)}:****`}@`;
    })
    .replace(/([?&])([^=&#]+)=([^&#]*)/g, (all, sep: string, key: string) =>
      SECRET_QUERY_KEYS.test(decodeDsnPart(key)) ? `${sep}${key}=****` : all,
    );
}
