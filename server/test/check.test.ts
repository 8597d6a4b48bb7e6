import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CheckJson, JsonError } from '@messenger-ts/runtime/contract';
import { runCheckCommand } from '../src/analysis/index.js';
import { removeProject, RUNTIME, tempProject, yaml } from './support/project.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeProject));

async function check(
  files: Record<string, string>,
  format: 'txt' | 'json' = 'txt',
): Promise<{ code: number; output: string; dir: string }> {
  const dir = tempProject(files);
  dirs.push(dir);
  let output = '';
  const code = await runCheckCommand({ dir, format, cwd: dir, out: { write: (text: string) => (output += text) } });
  return { code, output, dir };
}

const handler = `${RUNTIME}import { Job } from './Job.js';\n@AsMessageHandler(Job, { bus: 'comand.bus' })\nexport class JobHandler { __invoke(m: Job) {} }\n`;
const files = {
  'config/packages/messenger.yaml': yaml('buses:\n  command.bus: ~'),
  'src/Job.ts': 'export class Job {}\n',
  'src/JobHandler.ts': handler,
  'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nexport default createMessenger({ handlers: [JobHandler] });\n`,
};

describe('messenger check', () => {
  it('prints file:line:col severity code message, and exits 1 on errors', async () => {
    const { code, output } = await check(files);
    assert.equal(code, 1);
    assert.deepEqual(output.trimEnd().split('\n'), [
      'src/JobHandler.ts:3:31 error unknown-handler-bus Bus "comand.bus" of handler JobHandler::__invoke does not exist (did you mean "command.bus"?). Configured buses: command.bus.',
      '1 error(s), 0 warning(s), 0 information.',
    ]);
  });

  it('prints JSON with 1-based positions and ranges', async () => {
    const { code, output } = await check(files, 'json');
    assert.equal(code, 1);
    const json = JSON.parse(output) as CheckJson;
    assert.equal(json.version, 1);
    assert.deepEqual(json.diagnostics[0], {
      file: 'src/JobHandler.ts',
      line: 3,
      column: 31,
      endLine: 3,
      endColumn: 43,
      severity: 'error',
      code: 'unknown-handler-bus',
      message:
        'Bus "comand.bus" of handler JobHandler::__invoke does not exist (did you mean "command.bus"?). Configured buses: command.bus.',
    });
    assert.deepEqual(json.summary, { error: 1, warning: 0, information: 0, hint: 0 });
  });

  it('at a monorepo root, checks each project found there as the editor does, against its own config', async () => {
    const app = (bus: string) => ({
      'config/packages/messenger.yaml': yaml(`default_bus: ${bus}\nbuses:\n  ${bus}: ~`),
      'src/Job.ts': 'export class Job {}\n',
      'src/JobHandler.ts': `${RUNTIME}import { Job } from './Job.js';\n@AsMessageHandler(Job, { bus: '${bus}' })\nexport class JobHandler { __invoke(m: Job) {} }\n`,
      'src/messenger.ts': `${RUNTIME}import { Job } from './Job.js';\nimport { JobHandler } from './JobHandler.js';\nconst messenger = await createMessenger({ handlers: [JobHandler] });\nexport default messenger;\nawait messenger.bus.dispatch(new Job());\n`,
    });
    const prefixed = (prefix: string, files: Record<string, string>) =>
      Object.fromEntries(Object.entries(files).map(([path, text]) => [`${prefix}/${path}`, text]));
    const { code, output } = await check({
      // A solution-style tsconfig at the root: followed alone, it would judge both apps against no config at all.
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: 'apps/api' }, { path: 'apps/worker' }] }),
      'apps/api/tsconfig.json': JSON.stringify({ include: ['src'] }),
      'apps/api/package.json': '{ "type": "module" }',
      ...prefixed('apps/api', app('command.bus')),
      'apps/worker/tsconfig.json': JSON.stringify({ include: ['src'] }),
      'apps/worker/package.json': '{ "type": "module" }',
      ...prefixed('apps/worker', app('event.bus')),
    });
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /unknown-handler-bus|missing-handler/);
  });

  it('exits 0 when there are only warnings and information', async () => {
    const { code, output } = await check({
      ...files,
      'src/JobHandler.ts': handler.replace("{ bus: 'comand.bus' }", "{ bus: 'command.bus' }"),
      'src/Unused.ts': `${RUNTIME}import { Job } from './Job.js';\n@AsMessageHandler(Job)\nexport class Unused { __invoke(m: Job) {} }\n`,
    });
    assert.equal(code, 0);
    assert.match(output, /warning unregistered-handler Unused is decorated/);
  });

  it('applies severities from package.json', async () => {
    const { code, output } = await check({
      ...files,
      'package.json': JSON.stringify({
        type: 'module',
        messenger: { diagnostics: { 'unknown-handler-bus': 'warning' } },
      }),
    });
    assert.equal(code, 0);
    assert.match(output, /warning unknown-handler-bus/);
  });

  it('says so when the directory does not exist', async () => {
    let output = '';
    const code = await runCheckCommand({
      dir: join(dirs[0] ?? '/tmp', 'nope'),
      format: 'txt',
      out: { write: (t: string) => (output += t) },
    });
    assert.equal(code, 2);
    assert.match(output, /No such project directory/);
  });

  it('says so in the JSON every command prints its errors in: one line, with version and class', async () => {
    let output = '';
    const dir = join(dirs[0] ?? '/tmp', 'nope');
    const code = await runCheckCommand({ dir, format: 'json', out: { write: (t: string) => (output += t) } });
    assert.equal(code, 2);
    assert.equal(output.split('\n').length, 2, 'one line');
    assert.deepEqual(JSON.parse(output) satisfies JsonError, {
      version: 1,
      error: { class: 'InvalidArgumentException', message: `No such project directory: ${dir}` },
    });
  });
});
