/**
 * The SQL of the Doctrine transport, for every database: Symfony's `messenger_messages` table
 * (id, body, headers, queue_name, created_at, available_at, delivered_at) and the statements
 * on it. Statements use `?` placeholders; the PostgreSQL driver numbers them. Times are UTC
 * `YYYY-MM-DD HH:MM:SS.mmm` strings: they compare correctly as text (SQLite) and are read
 * as timestamps by PostgreSQL and MySQL, with the millisecond precision short retry delays need.
 */
import { InvalidTransportOptionException } from '../../errors/InvalidTransportOptionException.js';

export type Platform = 'sqlite' | 'postgresql' | 'mysql';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** Table names go into SQL text, so only plain identifiers (optionally `schema.table`) are accepted. */
export function checkTableName(table: string): string {
  if (!IDENTIFIER.test(table) || table.length > 120) {
    throw new InvalidTransportOptionException(
      'table_name',
      `Invalid table_name "${table}": use letters, digits and underscores (optionally "schema.table").`,
    );
  }
  return table;
}

/**
 * The date parts last formatted, by second. Two: a take writes two seconds each time (now, and
 * now minus redeliver_timeout), which one entry would format again on every take.
 */
const cachedSeconds = [Number.NaN, Number.NaN];
const cachedPrefixes = ['', ''];
let replacedNext = 0;

/** `YYYY-MM-DD HH:MM:SS.mmm` (UTC). Several are written per message: the date part is formatted once per second. */
export function formatTimestamp(time: number): string {
  // A fractional millisecond would write a fourth decimal that neither database reads back.
  const ms = Math.round(time);
  const millis = ms % 1000;
  const second = ms - millis;
  let slot = cachedSeconds[0] === second ? 0 : cachedSeconds[1] === second ? 1 : -1;
  if (slot === -1) {
    slot = replacedNext;
    replacedNext = 1 - slot;
    cachedSeconds[slot] = second;
    cachedPrefixes[slot] = new Date(second).toISOString().replace('T', ' ').slice(0, 20);
  }
  return cachedPrefixes[slot] + (millis < 10 ? '00' : millis < 100 ? '0' : '') + millis;
}

let parsedPrefix = '';
let parsedSecond = Number.NaN;

/**
 * Parses what the database returns for a timestamp (text, or a Date from a driver). One is
 * read per message taken, and a batch's mostly share their second: in formatTimestamp's
 * format, the date part is parsed once per second.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.getTime();
  const text = typeof value === 'string' ? value : String(value);
  const millis = formattedMillis(text);
  if (millis !== undefined) {
    // Compared in place: a slice to compare would be a new string, and comparing two strings
    // built at run time is a call into the runtime (both per message).
    if (!sameDatePart(text, parsedPrefix)) {
      const prefix = text.slice(0, 20);
      const second = Date.parse(`${prefix.replace(' ', 'T')}000Z`);
      if (Number.isNaN(second)) return undefined;
      parsedPrefix = prefix;
      parsedSecond = second;
    }
    return parsedSecond + millis;
  }
  const time = Date.parse(`${text.replace(' ', 'T')}Z`);
  return Number.isNaN(time) ? undefined : time;
}

/** Whether `text` starts with `prefix`, the 20 characters `YYYY-MM-DD HH:MM:SS.` (none yet: the empty string). */
function sameDatePart(text: string, prefix: string): boolean {
  return prefix.length === 20 && text.startsWith(prefix);
}

/** The milliseconds of a `YYYY-MM-DD HH:MM:SS.mmm` text (formatTimestamp's), or undefined for any other shape. */
function formattedMillis(text: string): number | undefined {
  if (text.length !== 23 || text.charCodeAt(10) !== 32 || text.charCodeAt(19) !== 46) return undefined;
  let millis = 0;
  for (let i = 20; i < 23; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    millis = millis * 10 + digit;
  }
  return millis;
}

/** Index and trigger names cannot carry the schema. */
function bareName(table: string): string {
  return table.slice(table.lastIndexOf('.') + 1);
}

/** CREATE TABLE and its indexes; safe to run again. */
export function schemaSql(table: string, platform: Platform): string {
  if (platform === 'mysql') return mysqlSchemaSql(table);
  const bare = bareName(table);
  const columns =
    platform === 'sqlite'
      ? `id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, body CLOB NOT NULL, headers CLOB NOT NULL, queue_name VARCHAR(190) NOT NULL,
       created_at DATETIME NOT NULL, available_at DATETIME NOT NULL, delivered_at DATETIME DEFAULT NULL`
      : `id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL, headers TEXT NOT NULL, queue_name VARCHAR(190) NOT NULL,
       created_at TIMESTAMP(3) WITHOUT TIME ZONE NOT NULL, available_at TIMESTAMP(3) WITHOUT TIME ZONE NOT NULL,
       delivered_at TIMESTAMP(3) WITHOUT TIME ZONE DEFAULT NULL`;
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (${columns})`,
    // The worker's query walks this index in order: the next message is found without sorting the queue.
    // delivered_at is deliberately not indexed (unlike Symfony's schema): taking a message updates it,
    // and an index on it would be rewritten on every take.
    `CREATE INDEX IF NOT EXISTS ${bare}_queue_available_idx ON ${table} (queue_name, available_at, id)`,
  ].join(';\n');
}

/**
 * MySQL and MariaDB: Doctrine's column types for the table (LONGTEXT, VARCHAR(190) so the index
 * fits utf8mb4 on old servers), with milliseconds, in InnoDB. The index is declared inside
 * CREATE TABLE: MySQL has no CREATE INDEX IF NOT EXISTS.
 */
function mysqlSchemaSql(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (id BIGINT AUTO_INCREMENT NOT NULL, body LONGTEXT NOT NULL, headers LONGTEXT NOT NULL,
    queue_name VARCHAR(190) NOT NULL, created_at DATETIME(3) NOT NULL, available_at DATETIME(3) NOT NULL,
    delivered_at DATETIME(3) DEFAULT NULL, PRIMARY KEY (id), INDEX ${bareName(table)}_queue_available_idx (queue_name, available_at, id))
    DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci ENGINE = InnoDB`;
}

/** PostgreSQL: NOTIFY on the table's channel with the queue name, on every insert (Symfony's trigger, minus updates). */
export function notifyTriggerSql(table: string): string {
  const dot = table.lastIndexOf('.');
  const fn = dot === -1 ? `notify_${table}` : `${table.slice(0, dot)}.notify_${table.slice(dot + 1)}`;
  return [
    `CREATE OR REPLACE FUNCTION ${fn}() RETURNS TRIGGER AS $$ BEGIN PERFORM pg_notify('${table}', NEW.queue_name::text); RETURN NEW; END; $$ LANGUAGE plpgsql`,
    `DROP TRIGGER IF EXISTS notify_trigger ON ${table}`,
    `CREATE TRIGGER notify_trigger AFTER INSERT ON ${table} FOR EACH ROW EXECUTE PROCEDURE ${fn}()`,
  ].join(';\n');
}

function queueFilter(queueCount: number): string {
  return queueCount === 1 ? 'queue_name = ?' : `queue_name IN (${Array(queueCount).fill('?').join(', ')})`;
}

/** The messages a worker may take: not delivered, or delivered longer than redeliver_timeout ago, and available. */
function availableFilter(queueCount: number): string {
  return `${queueFilter(queueCount)} AND (delivered_at IS NULL OR delivered_at < ?) AND available_at <= ?`;
}

export interface Statements {
  readonly insert: string;
  /** Marks the next available message as delivered and returns it, in one statement (one write transaction). */
  take(queueCount: number): string;
  /** Whether a message is available, without taking a write lock (what an idle SQLite worker asks). */
  probe(queueCount: number): string;
  /**
   * Marks up to `?` available messages as delivered and returns them (in no particular order),
   * in one statement (MySQL: one query of several statements, one transaction).
   */
  takeMany?(queueCount: number): string;
  readonly delete: string;
  /** Deletes the rows whose ids are in the one parameter (see idList()). */
  readonly deleteMany: string;
  /** Gives back taken messages (delivered_at NULL): they are available again at once, in their place. */
  readonly release: string;
  /** Several inserts in one statement, the columns as arrays (PostgreSQL); elsewhere the insert is run once per message. */
  readonly insertMany?: string;
  readonly keepalive: string;
  count(queueCount: number): string;
  /** Paged: `LIMIT ? OFFSET ?`. */
  findAll(paged: boolean): string;
  readonly find: string;
  /** When the next message becomes available: the earliest delayed one, and the oldest delivery (redelivered after the timeout). */
  nextDue(queueCount: number): string;
  /** A monitoring view's look at one queue: the waiting messages (count, oldest), those in progress, and every row's (count, newest id). */
  readonly snapshot: string;
}

/**
 * `id IN` a list given as one parameter, so one prepared statement serves any number of ids:
 * a bigint[] on PostgreSQL, a JSON array on SQLite, a list mysql2 expands on MySQL. encodeIds()
 * gives the parameter.
 */
function idList(platform: Platform): string {
  if (platform === 'postgresql') return 'id = ANY(?::bigint[])';
  if (platform === 'sqlite') return 'id IN (SELECT value FROM json_each(?))';
  return 'id IN (?)';
}

/** The parameter of a statement with an id list; ids are the whole numbers the database returned. */
export function encodeIds(platform: Platform, ids: readonly string[]): unknown {
  return platform === 'sqlite' ? `[${ids.join(',')}]` : ids;
}

export function statements(table: string, platform: Platform): Statements {
  const lock = platform === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : '';
  const asText = (expression: string): string => (platform === 'postgresql' ? `(${expression})::text` : expression);
  const waiting = '(delivered_at IS NULL OR delivered_at < ?) AND available_at <= ?';
  const common: Statements = {
    insert: `INSERT INTO ${table} (body, headers, queue_name, created_at, available_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
    take: (n) =>
      `UPDATE ${table} SET delivered_at = ? WHERE id = (SELECT id FROM ${table} WHERE ${availableFilter(n)} ORDER BY available_at ASC, id ASC LIMIT 1${lock}) RETURNING id, body, headers, ${asText('available_at')} AS available_at`,
    probe: (n) => `SELECT 1 AS found FROM ${table} WHERE ${availableFilter(n)} LIMIT 1`,
    // The subquery runs once (a LIMIT keeps it from being merged into the update), under the same lock.
    takeMany: (n) =>
      platform === 'postgresql'
        ? `UPDATE ${table} AS m SET delivered_at = ? FROM (SELECT id FROM ${table} WHERE ${availableFilter(n)} ORDER BY available_at ASC, id ASC LIMIT ?${lock}) AS next WHERE m.id = next.id RETURNING m.id, m.body, m.headers, ${asText('m.available_at')} AS available_at`
        : `UPDATE ${table} SET delivered_at = ? WHERE id IN (SELECT id FROM ${table} WHERE ${availableFilter(n)} ORDER BY available_at ASC, id ASC LIMIT ?) RETURNING id, body, headers, available_at`,
    delete: `DELETE FROM ${table} WHERE id = ?`,
    deleteMany: `DELETE FROM ${table} WHERE ${idList(platform)}`,
    release: `UPDATE ${table} SET delivered_at = NULL WHERE ${idList(platform)}`,
    ...(platform === 'postgresql'
      ? {
          insertMany: `INSERT INTO ${table} (body, headers, queue_name, created_at, available_at) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamp(3)[], ?::timestamp(3)[]) RETURNING id`,
        }
      : {}),
    keepalive: `UPDATE ${table} SET delivered_at = ? WHERE id = ? AND delivered_at IS NOT NULL`,
    count: (n) => `SELECT COUNT(id) AS message_count FROM ${table} WHERE ${availableFilter(n)}`,
    findAll: (paged) =>
      `SELECT id, body, headers FROM ${table} WHERE ${availableFilter(1)} ORDER BY available_at ASC, id ASC${paged ? ' LIMIT ? OFFSET ?' : ''}`,
    find: `SELECT id, body, headers FROM ${table} WHERE id = ? AND queue_name = ?`,
    nextDue: (n) =>
      `SELECT ${asText('MIN(CASE WHEN delivered_at IS NULL THEN available_at END)')} AS next_available, ${asText('MIN(delivered_at)')} AS oldest_delivery FROM ${table} WHERE ${queueFilter(n)}`,
    snapshot: `SELECT COUNT(CASE WHEN ${waiting} THEN 1 END) AS waiting, ${asText(`MIN(CASE WHEN ${waiting} THEN available_at END)`)} AS oldest, COUNT(CASE WHEN delivered_at >= ? THEN 1 END) AS in_progress, COUNT(id) AS total, ${asText('MAX(id)')} AS newest FROM ${table} WHERE queue_name = ?`,
  };
  return platform === 'mysql' ? { ...common, ...mysqlStatements(table) } : common;
}

/**
 * MySQL has no RETURNING and cannot UPDATE a table it selects from, so its insert and takes are
 * several statements sent as one query (one round trip, and nothing else can run on the
 * connection in between). A take locks the next messages with SELECT … FOR UPDATE SKIP LOCKED,
 * as Symfony does on MySQL 8 (competing workers skip them instead of waiting for them), in a
 * READ COMMITTED transaction (no gap locks, so senders never wait for a taker), marks them
 * delivered and commits; the last SELECT returns them, or no row when none was available.
 */
function mysqlStatements(table: string): Pick<Statements, 'insert' | 'take' | 'takeMany'> {
  // The rows a batch took (the JSON array in @messenger_ids), each found by its primary key. Left
  // to itself, the optimizer scans the table for them whenever its statistics say the table is
  // small (a queue nearly drained): the UPDATE's scan then waits for rows that other takers and
  // acks hold, while holding the rows they wait for, a deadlock. STRAIGHT_JOIN reads the ids
  // first and FORCE INDEX makes each a lookup, whatever the statistics.
  const takenRows = `JSON_TABLE(@messenger_ids, '$[*]' COLUMNS (id BIGINT PATH '$')) AS taken STRAIGHT_JOIN ${table} AS m FORCE INDEX (PRIMARY) ON m.id = taken.id`;
  return {
    insert: `INSERT INTO ${table} (body, headers, queue_name, created_at, available_at) VALUES (?, ?, ?, ?, ?); SELECT LAST_INSERT_ID() AS id`,
    take: (n) =>
      [
        'SET @messenger_id = NULL, @messenger_body = NULL, @messenger_headers = NULL, @messenger_available = NULL, @messenger_now = ?',
        'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
        'START TRANSACTION',
        `SELECT id, body, headers, available_at INTO @messenger_id, @messenger_body, @messenger_headers, @messenger_available FROM ${table} WHERE ${availableFilter(n)} ORDER BY available_at ASC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED`,
        `UPDATE ${table} SET delivered_at = @messenger_now WHERE id = @messenger_id`,
        'COMMIT',
        'SELECT @messenger_id AS id, @messenger_body AS body, @messenger_headers AS headers, @messenger_available AS available_at FROM DUAL WHERE @messenger_id IS NOT NULL',
      ].join('; '),
    // The locking SELECT is a derived table (the LIMIT keeps it from being merged) so that its ids
    // can be gathered into one variable; the UPDATE and the SELECT join them rather than use
    // `id IN (subquery)`, which MariaDB runs as a scan of the whole table. MariaDB cuts
    // JSON_ARRAYAGG at group_concat_max_len (1 MiB by default, lower on some servers): the
    // session's is raised so that no fetch size can cut the list.
    takeMany: (n) =>
      [
        'SET @messenger_ids = NULL, @messenger_now = ?, SESSION group_concat_max_len = 4294967295',
        'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
        'START TRANSACTION',
        `SELECT JSON_ARRAYAGG(id) INTO @messenger_ids FROM (SELECT id FROM ${table} WHERE ${availableFilter(n)} ORDER BY available_at ASC, id ASC LIMIT ? FOR UPDATE SKIP LOCKED) AS next`,
        `UPDATE ${takenRows} SET m.delivered_at = @messenger_now`,
        `SELECT m.id, m.body, m.headers, m.available_at FROM ${takenRows} ORDER BY m.available_at ASC, m.id ASC`,
        'COMMIT',
      ].join('; '),
  };
}
