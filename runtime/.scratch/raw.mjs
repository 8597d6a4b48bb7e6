import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
rmSync(process.env.DB ?? '/tmp/sq/t.db', { force: true });
const db = new Database(process.env.DB ?? '/tmp/sq/t.db');
db.pragma('journal_mode = WAL'); db.pragma('synchronous = ' + (process.argv[2] ?? 'NORMAL')); db.pragma('busy_timeout = 5000');
console.log(db.prepare('select sqlite_version() v').get());
db.exec(`CREATE TABLE IF NOT EXISTS m (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, headers TEXT NOT NULL, queue_name VARCHAR(190) NOT NULL, created_at DATETIME NOT NULL, available_at DATETIME NOT NULL, delivered_at DATETIME DEFAULT NULL); CREATE INDEX IF NOT EXISTS i1 ON m (queue_name, available_at); CREATE INDEX IF NOT EXISTS i3 ON m(delivered_at);`);
const ins = db.prepare('INSERT INTO m (body, headers, queue_name, created_at, available_at) VALUES (?, ?, ?, ?, ?)');
const N = 10000;
const ts = () => new Date().toISOString().replace('T', ' ').slice(0, 23);
let t = performance.now();
for (let i = 0; i < N; i++) { const n = ts(); ins.run('{"n":' + i + '}', '{"type":"Ping","X-Message-Stamp-Symfony\\\\Component\\\\Messenger\\\\Stamp\\\\BusNameStamp":"[{\\"busName\\":\\"messenger.bus.default\\"}]","Content-Type":"application/json"}', 'default', n, n); }
console.log('insert/s', Math.round(N / (performance.now() - t) * 1000));
const take = db.prepare(`UPDATE m SET delivered_at = ? WHERE id = (SELECT id FROM m WHERE queue_name = ? AND (delivered_at IS NULL OR delivered_at < ?) AND available_at <= ? ORDER BY available_at, id LIMIT 1) RETURNING id, body, headers`);
const del = db.prepare('DELETE FROM m WHERE id = ?');
t = performance.now();
let c = 0;
for (;;) { const n = ts(); const row = take.get(n, 'default', '2000-01-01', n); if (!row) break; del.run(row.id); c++; }
console.log('consume/s', Math.round(c / (performance.now() - t) * 1000), c);
