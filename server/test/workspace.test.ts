import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
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
  'config/packages/messenger.yaml': yaml(
    "transports:\n  async: 'in-memory://?serialize=true'\nrouting:\n  'App\\Message\\Job': async",
  ),
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
    assert.deepEqual(
      edited.diagnostics.map((d) => d.code),
      ['non-serializable-payload'],
    );

    workspace.setOverlay(
      join(dir, 'config/packages/messenger.yaml'),
      yaml("transports:\n  async: 'sync://'\nrouting:\n  'App\\Message\\Job': async"),
    );
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
    writeFileSync(
      file,
      `${RUNTIME}import { Other } from './Message/Other.js';\nexport async function send(bus: MessageBusInterface) { await bus.dispatch(new Other()); }\n`,
    );
    workspace.fileChanged(file, true);
    assert.ok(workspace.analyze().diagnostics.some((d) => d.code === 'missing-handler' && d.file === file));
  });
});

describe('which files are analysed', () => {
  it('analyses the projects a solution-style tsconfig references', () => {
    const dir = project({
      ...APP,
      'tsconfig.json': JSON.stringify({
        files: [],
        references: [{ path: './tsconfig.app.json' }, { path: './tools' }],
      }),
      'tsconfig.app.json': JSON.stringify({ compilerOptions: { composite: true, strict: true }, include: ['src'] }),
      'tools/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true }, include: ['*.ts'] }),
      'tools/seed.ts': `import { Other } from '../src/Message/Other.js';\nexport const seed = new Other();\n`,
    });
    const workspace = new Workspace({ projectDir: dir });
    const result = workspace.analyze();
    assert.deepEqual(result.diagnostics, []);
    assert.equal(workspace.stats.extractions, 5);
    assert.deepEqual(
      result.projectModel().messages.map((m) => m.name),
      ['Job'],
    );
    // A referenced tsconfig is watched like the project's own.
    workspace.fileChanged(join(dir, 'tsconfig.app.json'));
    writeFileSync(join(dir, 'tsconfig.app.json'), JSON.stringify({ include: ['src/Message'] }));
    workspace.fileChanged(join(dir, 'tsconfig.app.json'));
    assert.deepEqual(workspace.analyze().model.handlerDefs, []);
  });

  it('falls back to src/, and says so, when tsconfig includes no source', () => {
    const dir = project({ ...APP, 'tsconfig.json': JSON.stringify({ include: ['lib'] }) });
    const result = new Workspace({ projectDir: dir }).analyze();
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.severity, d.file]),
      [['empty-tsconfig', 'information', join(dir, 'tsconfig.json')]],
    );
    assert.match(
      result.diagnostics[0]!.message,
      /include no TypeScript source: analysing every .ts file under src\/ instead/,
    );
    assert.equal(result.projectModel().handlers.length, 1);
  });

  it('keeps a file tsconfig excludes out of the analysis when it is opened', () => {
    const dir = project({
      ...APP,
      'scripts/seed.ts': `${RUNTIME}import { Job } from '../src/Message/Job.js';\n@AsMessageHandler(Job)\nexport class Stray { __invoke(m: Job) {} }\n`,
    });
    const workspace = new Workspace({ projectDir: dir });
    workspace.analyze();
    const seed = join(dir, 'scripts/seed.ts');
    workspace.setOverlay(seed, readFileSync(seed, 'utf8'));
    assert.deepEqual(workspace.analyze().diagnostics, []);
    const lists = workspace.stats.extractions;
    workspace.setOverlay(seed, `${readFileSync(seed, 'utf8')}// typing\n`);
    assert.deepEqual(workspace.analyze().diagnostics, []);
    assert.equal(workspace.stats.extractions, lists, 'an excluded buffer is never parsed');
  });

  it('analyses a new, unsaved buffer where tsconfig would include it, until it is closed', () => {
    const dir = project(APP);
    const workspace = new Workspace({ projectDir: dir });
    workspace.analyze();
    const draft = join(dir, 'src/Draft.ts');
    workspace.setOverlay(
      draft,
      `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class Draft { __invoke(m: Job) {} }\n`,
    );
    assert.deepEqual(
      workspace.analyze().diagnostics.map((d) => d.code),
      ['unregistered-handler'],
    );
    workspace.removeOverlay(draft);
    assert.deepEqual(workspace.analyze().diagnostics, []);
  });

  it('keeps a new, unsaved buffer out where tsconfig would exclude it once saved, as messenger check would', () => {
    const dir = project({
      ...APP,
      'tsconfig.json': JSON.stringify({ include: ['src'], exclude: ['src/**/*.test.ts'] }),
    });
    const workspace = new Workspace({ projectDir: dir });
    workspace.analyze();
    const stray = `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class Stray { __invoke(m: Job) {} }\n`;
    workspace.setOverlay(join(dir, 'src/Stray.test.ts'), stray);
    assert.deepEqual(workspace.analyze().diagnostics, []);
    // The same text where the include does reach it: the exclude, not the buffer, kept it out.
    workspace.setOverlay(join(dir, 'src/Stray.ts'), stray);
    assert.deepEqual(
      workspace.analyze().diagnostics.map((d) => [d.code, d.file.slice(dir.length)]),
      [['unregistered-handler', '/src/Stray.ts']],
    );
  });

  it('analyses .tsx files', () => {
    const dir = project({
      ...APP,
      'src/Button.tsx': `${RUNTIME}import { Other } from './Message/Other.js';\nexport function Button(bus: MessageBusInterface) { return <button onClick={() => bus.dispatch(new Other())} />; }\n`,
    });
    assert.deepEqual(
      new Workspace({ projectDir: dir }).analyze().diagnostics.map((d) => [d.code, d.file.slice(dir.length)]),
      [
        ['missing-handler', '/src/Button.tsx'],
        ['unrouted-message', '/src/Button.tsx'],
      ],
    );
  });

  it('reads a file afresh when its buffer closes: what was saved counts, not what was read before', () => {
    const dir = project(APP);
    const workspace = new Workspace({ projectDir: dir });
    assert.deepEqual(workspace.analyze().diagnostics, []);
    const job = join(dir, 'src/Message/Job.ts');
    const broken = 'export class Job { constructor(readonly id: string, readonly run: () => void) {} }\n';
    workspace.setOverlay(job, readFileSync(job, 'utf8'));
    workspace.setOverlay(job, broken);
    writeFileSync(job, broken);
    workspace.removeOverlay(job);
    assert.deepEqual(
      workspace.analyze().diagnostics.map((d) => d.code),
      ['non-serializable-payload'],
    );
  });
});

describe('settings read from the project', () => {
  it('re-reads the severities of package.json when it changes, as a buffer or on disk', () => {
    const dir = project({
      ...APP,
      'src/Message/Job.ts': 'export class Job { constructor(readonly run: () => void) {} }\n',
    });
    const workspace = new Workspace({ projectDir: dir });
    assert.equal(workspace.analyze().diagnostics[0]?.severity, 'error');
    const pkg = join(dir, 'package.json');
    workspace.setOverlay(
      pkg,
      JSON.stringify({ type: 'module', messenger: { diagnostics: { 'non-serializable-payload': 'warning' } } }),
    );
    assert.equal(workspace.analyze().diagnostics[0]?.severity, 'warning');
    workspace.removeOverlay(pkg);
    assert.equal(workspace.analyze().diagnostics[0]?.severity, 'error');
    writeFileSync(
      pkg,
      JSON.stringify({ type: 'module', messenger: { diagnostics: { 'non-serializable-payload': 'off' } } }),
    );
    workspace.fileChanged(pkg);
    assert.deepEqual(workspace.analyze().diagnostics, []);
  });

  it('reads the config file it is told to, relative to the project', () => {
    const dir = project({
      ...APP,
      'config/messenger/app.yaml': yaml("transports:\n  async: 'sync://'\nrouting:\n  'App\\Message\\Job': asnyc"),
    });
    const workspace = new Workspace({ projectDir: dir, configFile: 'config/messenger/app.yaml' });
    assert.deepEqual(
      workspace.analyze().diagnostics.map((d) => [d.code, d.file.slice(dir.length)]),
      [['unknown-transport', '/config/messenger/app.yaml']],
    );
    workspace.setOverlay(
      join(dir, 'config/messenger/app.yaml'),
      yaml("transports:\n  async: 'sync://'\nrouting:\n  'App\\Message\\Job': async"),
    );
    assert.deepEqual(workspace.analyze().diagnostics, []);
    workspace.configure({ configFile: undefined });
    assert.deepEqual(workspace.analyze().model.config.files, [join(dir, 'config/packages/messenger.yaml')]);
  });

  it('follows edits of the config file createMessenger() names, as a buffer, once closed and on disk', () => {
    const dir = project({
      ...APP,
      'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nexport default createMessenger({ configFile: 'config/bus.yaml', handlers: [JobHandler] });\n`,
      'config/bus.yaml': yaml("transports:\n  async: 'sync://'\nrouting:\n  'App\\Message\\Job': async"),
    });
    const bus = join(dir, 'config/bus.yaml');
    const workspace = new Workspace({ projectDir: dir });
    assert.deepEqual(workspace.analyze().diagnostics, []);
    const typo = yaml("transports:\n  async: 'sync://'\nrouting:\n  'App\\Message\\Job': asnyc");
    workspace.setOverlay(bus, typo);
    assert.deepEqual(
      workspace.analyze().diagnostics.map((d) => d.code),
      ['unknown-transport'],
    );
    workspace.removeOverlay(bus);
    assert.deepEqual(workspace.analyze().diagnostics, []);
    writeFileSync(bus, typo);
    workspace.fileChanged(bus);
    assert.deepEqual(
      workspace.analyze().diagnostics.map((d) => d.code),
      ['unknown-transport'],
    );
  });
});

describe('malformed input', () => {
  it('analyses broken TypeScript as far as it can read it', () => {
    const dir = project({ ...APP, 'src/Broken.ts': 'export class { @AsMessageHandler( constructor(' });
    const result = new Workspace({ projectDir: dir }).analyze();
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.file.slice(dir.length)]),
      [['file-not-analysed', '/src/Broken.ts']],
    );
    assert.match(result.diagnostics[0]!.message, /^This file does not parse \(.+\): the analysis read what it could/);
    assert.equal(result.projectModel().messages.length, 1);
  });

  it('reports broken YAML where it is broken, and still analyses the code', () => {
    const dir = project({
      ...APP,
      'config/packages/messenger.yaml': 'framework:\n  messenger:\n    routing: [unclosed\n',
    });
    const result = new Workspace({ projectDir: dir }).analyze();
    const yamlError = result.diagnostics.find((d) => d.code === 'yaml-syntax');
    assert.ok(yamlError);
    assert.equal(yamlError.file, join(dir, 'config/packages/messenger.yaml'));
    assert.equal(result.projectModel().handlers.length, 1);
  });

  describe('a messenger.yaml that does not parse', () => {
    const config = (tail = ''): string =>
      `framework:\n  messenger:\n    buses:\n      command.bus: ~\n    transports:\n      async: 'in-memory://'${tail}\n`;
    const files = {
      ...APP,
      'src/JobHandler.ts': `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job, { bus: 'command.bus' })\nexport class JobHandler { __invoke(m: Job) {} }\n`,
    };
    // Half-typed: an unclosed quote leaves no buses, transports or routes to judge the code by.
    const broken = config("\n    failure_transport: 'fail");

    it('is the only thing reported when no config was ever read (messenger check): the code is not judged against an empty one', () => {
      const dir = project({ ...files, 'config/packages/messenger.yaml': broken });
      const file = join(dir, 'config/packages/messenger.yaml');
      assert.deepEqual(
        new Workspace({ projectDir: dir }).analyze().diagnostics.map((d) => [d.code, d.file]),
        [['yaml-syntax', file]],
      );
    });

    it('while being edited, leaves the last config that parsed in place: same buses, transports, routes and diagnostics, plus the YAML error', () => {
      const dir = project({ ...files, 'config/packages/messenger.yaml': config() });
      const file = join(dir, 'config/packages/messenger.yaml');
      const workspace = new Workspace({ projectDir: dir });
      const good = workspace.analyze();
      assert.deepEqual(
        good.diagnostics.map((d) => d.code),
        ['unrouted-message'],
        'Job is dispatched, and routed nowhere',
      );
      workspace.setOverlay(file, broken);
      const editing = workspace.analyze();
      assert.deepEqual(editing.diagnostics.map((d) => d.code).sort(), ['unrouted-message', 'yaml-syntax']);
      assert.deepEqual(
        editing.projectModel().transports.map((t) => t.name),
        good.projectModel().transports.map((t) => t.name),
      );
      assert.deepEqual(
        editing.projectModel().buses.map((b) => b.name),
        ['command.bus'],
      );
      workspace.removeOverlay(file);
      assert.deepEqual(
        workspace.analyze().diagnostics.map((d) => d.code),
        ['unrouted-message'],
      );
    });
  });

  it('works without tsconfig.json (every .ts under src/) and says so on package.json, a file an editor can show', () => {
    const dir = project({ ...APP, 'tsconfig.json': '' });
    const result = new Workspace({ projectDir: dir }).analyze();
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.severity, d.file, d.range.start]),
      [['no-tsconfig', 'information', join(dir, 'package.json'), { line: 0, character: 0 }]],
    );
    assert.doesNotMatch(result.diagnostics[0]!.message, new RegExp(dir));
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
    const dir = project({
      'src/Message/Job.ts': APP['src/Message/Job.ts'],
      'src/JobHandler.ts': APP['src/JobHandler.ts'],
      'src/messenger.ts': APP['src/messenger.ts'],
    });
    const result = new Workspace({ projectDir: dir }).analyze();
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['unrouted-message'],
    );
    assert.deepEqual(
      result.projectModel().buses.map((b) => b.name),
      ['messenger.bus.default'],
    );
  });

  it('skips a 5 MB file with a diagnostic instead of stalling', () => {
    const dir = project({
      ...APP,
      'src/generated.ts': `export const data = ${JSON.stringify('x'.repeat(5 * 1024 * 1024))};\n`,
    });
    const result = new Workspace({ projectDir: dir }).analyze();
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
