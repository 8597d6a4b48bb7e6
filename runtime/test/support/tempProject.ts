import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway project directory with the given files (paths relative to it). */
export function tempProject(files: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'messenger-test-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A messenger.yaml whose body is indented under framework.messenger. */
export function messengerYaml(body: string): string {
  const indented = body.replace(/^\n/, '').split('\n').map((l) => (l.trim() === '' ? '' : `    ${l}`)).join('\n');
  return `framework:\n  messenger:\n${indented}\n`;
}
