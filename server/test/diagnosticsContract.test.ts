/**
 * Diagnostics as a contract: typed codes with one default severity each, lowered only where the
 * analysis is less sure, and data a quick-fix can use; settings that cannot be used are said.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Workspace } from '../src/analysis/index.js';
import { isProjectDir } from '../src/analysis/project/projects.js';
import { DIAGNOSTIC_DEFAULT_SEVERITIES } from '../src/protocol.js';
import { analyzeProject, codes, removeProject, RUNTIME, tempProject, yaml } from './support/project.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeProject));

function analyze(files: Record<string, string>) {
  const result = analyzeProject(files);
  dirs.push(result.dir);
  return result;
}

const CONFIG = yaml("default_bus: command.bus\nbuses:\n  command.bus: ~\ntransports:\n  async: 'in-memory://'");
const JOB = 'export class Job {}\n';

describe('diagnostics', () => {
  it("getBus('comand.bus') is reported where the name is written, and its dispatch is not judged on a bus that does not exist", () => {
    const result = analyze({
      'config/packages/messenger.yaml': CONFIG,
      'src/Job.ts': JOB,
      'src/messenger.ts': `${RUNTIME}import { Job } from './Job.js';\nconst messenger = await createMessenger({ handlers: [] });\nexport default messenger;\nawait messenger.getBus('comand.bus').dispatch(new Job());\n`,
    });
    assert.deepEqual(codes(result), ['unknown-bus src/messenger.ts:5:24']);
    const [problem] = result.diagnostics;
    assert.equal(problem!.severity, 'error');
    assert.equal(
      problem!.message,
      'Bus "comand.bus" does not exist (did you mean "command.bus"?). Known buses are "command.bus". Configure it under "buses" in messenger.yaml.',
    );
    assert.deepEqual(problem!.data, { unknownName: 'comand.bus', closestName: 'command.bus' });
    assert.ok(!result.diagnostics.some((d) => d.message.includes('bus ""')));
  });

  it("getBus('…') that may not be the runtime's (a factory's context) is a warning, not an error", () => {
    const result = analyze({
      'config/packages/messenger.yaml': CONFIG,
      'src/Job.ts': JOB,
      'src/Notifier.ts': `${RUNTIME}import { Job } from './Job.js';\n@AsMessageHandler(Job)\nexport class Notifier {\n  constructor(private readonly bus: MessageBusInterface) {}\n  async __invoke(m: Job) { await this.bus.dispatch(new Job()); }\n}\n`,
      'src/messenger.ts': `${RUNTIME}import { Notifier } from './Notifier.js';\nexport default createMessenger({ handlers: [({ getBus }) => new Notifier(getBus('evnt.bus'))] });\n`,
    });
    assert.deepEqual(
      result.diagnostics
        .filter((d) => d.code === 'unknown-bus')
        .map((d) => [d.severity, d.file.slice(result.dir.length + 1)]),
      [['warning', 'src/messenger.ts']],
    );
  });

  it('carry what a quick-fix needs: the class, its file, the file to edit, the closest name', () => {
    const result = analyze({
      'config/packages/messenger.yaml': CONFIG,
      'src/Job.ts': JOB,
      'src/JobHandler.ts': `${RUNTIME}import { Job } from './Job.js';\n@AsMessageHandler(Job, { bus: 'comand.bus' })\nexport class JobHandler { __invoke(m: Job) {} }\n`,
      'src/messenger.ts': `${RUNTIME}import { Job } from './Job.js';\nimport { JobHandler } from './JobHandler.js';\nconst messenger = await createMessenger({ handlers: [JobHandler] });\nexport default messenger;\nawait messenger.bus.dispatch(new Job());\n`,
    });
    const byCode = new Map(result.diagnostics.map((d) => [d.code, d]));
    assert.deepEqual(byCode.get('unknown-handler-bus')?.data, {
      className: 'JobHandler',
      classFile: join(result.dir, 'src/JobHandler.ts'),
      unknownName: 'comand.bus',
      closestName: 'command.bus',
    });
    assert.deepEqual(byCode.get('missing-handler')?.data, {
      className: 'Job',
      classFile: join(result.dir, 'src/Job.ts'),
      targetFile: join(result.dir, 'src/messenger.ts'),
      bus: 'command.bus',
    });
    assert.deepEqual(byCode.get('unrouted-message')?.data, {
      className: 'Job',
      classFile: join(result.dir, 'src/Job.ts'),
      targetFile: join(result.dir, 'config/packages/messenger.yaml'),
    });
  });

  it('take their severity from the one table, lowered where the analysis cannot be sure', () => {
    const result = analyze({
      'config/packages/messenger.yaml': yaml(
        "transports:\n  async: 'in-memory://'\n  now: 'sync://'\nrouting:\n  Job: async\n  Ping: now",
      ),
      'src/Job.ts': JOB,
      'src/Ping.ts': 'export class Ping {}\n',
      'src/messenger.ts': `${RUNTIME}import { Job } from './Job.js';\nimport { Ping } from './Ping.js';\nconst messenger = await createMessenger({ handlers: [], messages: [Job, Ping] });\nexport default messenger;\nawait messenger.bus.dispatch(new Job());\nawait messenger.bus.dispatch(new Ping());\n`,
    });
    const missing = result.diagnostics.filter((d) => d.code === 'missing-handler');
    assert.equal(DIAGNOSTIC_DEFAULT_SEVERITIES['missing-handler'], 'error');
    // Sent to a worker another application may run: probable. Handled at once by sync://: certain.
    assert.deepEqual(
      missing.map((d) => [d.data?.transport, d.severity]),
      [
        ['async', 'warning'],
        ['now', 'error'],
      ],
    );
  });

  it('a severity setting naming no code or no severity is reported on package.json, and the others apply', () => {
    const result = analyze({
      'package.json': JSON.stringify(
        {
          type: 'module',
          messenger: { diagnostics: { 'no-tsconfig': 'off', 'missing-handlr': 'off', 'unrouted-message': 'loud' } },
        },
        null,
        2,
      ),
      'tsconfig.json': '',
      'src/Job.ts': JOB,
    });
    assert.deepEqual(codes(result), ['invalid-setting package.json:4:5', 'invalid-setting package.json:4:5']);
    assert.deepEqual(
      result.diagnostics.map((d) => d.message),
      [
        '"messenger": { "diagnostics" } in package.json: "loud" for "unrouted-message" is not a severity (error, warning, information, hint or off); it is ignored.',
        '"messenger": { "diagnostics" } in package.json: "missing-handlr" is not a diagnostic code of the messenger analysis; it is ignored.',
      ],
    );
  });
});

describe('a project whose config is messenger.yml', () => {
  it('is a project, and its config is read as the runtime reads it', () => {
    const dir = tempProject({
      'config/packages/messenger.yml': yaml("transports:\n  async: 'in-memory://'\nrouting:\n  Job: async"),
      'src/Job.ts': JOB,
      'src/messenger.ts': `${RUNTIME}import { Job } from './Job.js';\nexport default createMessenger({ messages: [Job] });\n`,
    });
    dirs.push(dir);
    assert.ok(isProjectDir(dir));
    const model = new Workspace({ projectDir: dir }).analyze().projectModel();
    assert.deepEqual(model.configFiles, [join(dir, 'config/packages/messenger.yml')]);
    assert.deepEqual(
      model.messages.map((m) => [m.name, m.routes.map((r) => r.transport)]),
      [['Job', ['async']]],
    );
  });
});
