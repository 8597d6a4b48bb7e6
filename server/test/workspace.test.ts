import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MAX_FILE_SIZE, Workspace } from '../src/analysis/index.js';
import { removeProject, RUNTIME, tempProject, yaml } from './support/project.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeProject));
const project = (files: Record<string, string>): string => {
  const dir = tempProject(files);
  dirs.push(dir);
  return dir;
};

const APP = {
  'config/packages/messenger.yaml': yaml("transports:\n  async: 'in-memory://?serialize=true'\nrouting:\n  'App\\Message\\Job': async"),
  'src/Message/Job.ts': 'export class Job { constructor(readonly id: string) {} }\n',
  'src/Message/Other.ts': 'export class Other {}\n',
  'src/JobHandler.ts': `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class JobHandler { __invoke(m: Job) {} }\n`,
  'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nimport { Job } from './Message/Job.js';\nconst messenger = await createMessenger({ handlers: [JobHandler] });\nawait messenger.dispatch(new Job('1'));\n`,
};

describe('Workspace', () => {
  it('re-extracts only the edited file, and re-reads only the config for a YAML edit', () => {
    const dir = project(APP);
    const workspace = new Workspace({ projectDir: dir });
    assert.deepEqual(workspace.analyze().diagnostics, []);
    const cold = { ...workspace.stats };
    assert.equal(cold.extractions, 4);

    const job = join(dir, 'src/Message/Job.ts');
    workspace.setOverlay(job, 'export class Job { constructor(readonly id: string, readonly run: () => void) {} }\n');
    const edited = workspace.analyze();
    assert.equal(workspace.stats.extractions, cold.extractions + 1);
    assert.equal(workspace.stats.configReads, cold.configReads);
    assert.deepEqual(edited.diagnostics.map((d) => d.code), ['non-serializable-payload']);

    workspace.setOverlay(join(dir, 'config/packages/messenger.yaml'), yaml("transports:\n  async: 'sync://'\nrouting:\n  'App\\Message\\Job': async"));
    assert.deepEqual(workspace.analyze().diagnostics, []);
    assert.equal(workspace.stats.extractions, cold.extractions + 1);
    assert.equal(workspace.stats.configReads, cold.configReads + 1);

    workspace.removeOverlay(job);
    workspace.removeOverlay(join(dir, 'config/packages/messenger.yaml'));
    assert.deepEqual(workspace.analyze().diagnostics, []);
  });

  it('keeps payload checks until a file they read changes', () => {
    const dir = project(APP);
    const workspace = new Workspace({ projectDir: dir });
    workspace.analyze();
    const checks = workspace.stats.payloadChecks;
    workspace.setOverlay(join(dir, 'src/Message/Other.ts'), 'export class Other { x = 1 }\n');
    workspace.analyze();
    assert.equal(workspace.stats.payloadChecks, checks, 'Other.ts is not read by the check of Job');
    workspace.setOverlay(join(dir, 'src/Message/Job.ts'), 'export class Job { constructor(readonly id: number) {} }\n');
    workspace.analyze();
    assert.equal(workspace.stats.payloadChecks, checks + 1);
  });

  it('returns the same result until something changes', () => {
    const workspace = new Workspace({ projectDir: project(APP) });
    assert.equal(workspace.analyze(), workspace.analyze());
  });

  it('sees files created and deleted on disk once told', () => {
    const dir = project(APP);
    const workspace = new Workspace({ projectDir: dir });
    workspace.analyze();
    const file = join(dir, 'src/Sender.ts');
    writeFileSync(file, `${RUNTIME}import { Other } from './Message/Other.js';\nexport async function send(bus: MessageBusInterface) { await bus.dispatch(new Other()); }\n`);
    workspace.fileChanged(file, true);
    assert.ok(workspace.analyze().diagnostics.some((d) => d.code === 'missing-handler' && d.file === file));
  });
});

describe('malformed input', () => {
  it('analyses broken TypeScript as far as it can read it', () => {
    const dir = project({ ...APP, 'src/Broken.ts': 'export class { @AsMessageHandler( constructor(' });
    const result = new Workspace({ projectDir: dir }).analyze();
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.file.slice(dir.length)]), [['file-not-analysed', '/src/Broken.ts']]);
    assert.match(result.diagnostics[0]!.message, /^This file does not parse \(.+\): the analysis read what it could/);
    assert.equal(result.projectModel().messages.length, 1);
  });

  it('reports broken YAML where it is broken, and still analyses the code', () => {
    const dir = project({ ...APP, 'config/packages/messenger.yaml': 'framework:\n  messenger:\n    routing: [unclosed\n' });
    const result = new Workspace({ projectDir: dir }).analyze();
    const yamlError = result.diagnostics.find((d) => d.code === 'yaml-syntax');
    assert.ok(yamlError);
    assert.equal(yamlError.file, join(dir, 'config/packages/messenger.yaml'));
    assert.equal(result.projectModel().handlers.length, 1);
  });

  it('works without tsconfig.json (every .ts under src/) and says so', () => {
    const dir = project({ ...APP, 'tsconfig.json': '' });
    const result = new Workspace({ projectDir: dir }).analyze();
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.severity, d.file]), [['no-tsconfig', 'information', dir]]);
    assert.equal(result.projectModel().messages.length, 1);
  });

  it('reports an unreadable tsconfig.json on its range', () => {
    const dir = project({ ...APP, 'tsconfig.json': '{ "compilerOptions": { "strict": true, }, "include": ["src"' });
    const result = new Workspace({ projectDir: dir }).analyze();
    const problem = result.diagnostics.find((d) => d.code === 'invalid-tsconfig');
    assert.ok(problem, JSON.stringify(result.diagnostics));
    assert.equal(problem.file, join(dir, 'tsconfig.json'));
    assert.equal(result.projectModel().messages.length, 1);
  });

  it('works with no messenger.yaml and no .env at all: the default bus, no transports', () => {
    const dir = project({ 'src/Message/Job.ts': APP['src/Message/Job.ts'], 'src/JobHandler.ts': APP['src/JobHandler.ts'], 'src/messenger.ts': APP['src/messenger.ts'] });
    const result = new Workspace({ projectDir: dir }).analyze();
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['unrouted-message']);
    assert.deepEqual(result.projectModel().buses.map((b) => b.name), ['messenger.bus.default']);
  });

  it('skips a 5 MB file with a diagnostic instead of stalling', () => {
    const dir = project({ ...APP, 'src/generated.ts': `export const data = ${JSON.stringify('x'.repeat(5 * 1024 * 1024))};\n` });
    const started = performance.now();
    const result = new Workspace({ projectDir: dir }).analyze();
    assert.ok(performance.now() - started < 5000);
    const skipped = result.diagnostics.find((d) => d.code === 'file-not-analysed');
    assert.ok(skipped);
    assert.match(skipped.message, new RegExp(`over the ${MAX_FILE_SIZE / 1024 / 1024} MB analysis limit`));
  });

  it('reads a 5 MB messenger.yaml without crashing', () => {
    const big = `${yaml("transports:\n  async: 'sync://'")}# ${'y'.repeat(5 * 1024 * 1024)}\n`;
    const dir = project({ ...APP, 'config/packages/messenger.yaml': big });
    assert.doesNotThrow(() => new Workspace({ projectDir: dir }).analyze());
  });

  it('does not crash on a project directory that does not exist', () => {
    assert.doesNotThrow(() => new Workspace({ projectDir: join(dirs[0]!, 'missing') }).analyze());
  });
});
