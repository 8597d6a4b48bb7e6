// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in .env text is part of what is tested
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyzeProject, RUNTIME, removeProject, yaml } from './support/project.js';

/** The analysis applies the runtime's own rules: the same config reader, the same serializer rules. */

const dirs: string[] = [];
after(() => dirs.forEach(removeProject));

function analyze(files: Record<string, string>) {
  const result = analyzeProject({
    'src/JobHandler.ts': `${RUNTIME}import { Job } from './Message/Job.js';\n@AsMessageHandler(Job)\nexport class JobHandler { __invoke(m: Job) {} }\n`,
    'src/messenger.ts': `${RUNTIME}import { JobHandler } from './JobHandler.js';\nimport { Account } from './Model/Account.js';\nexport default createMessenger({ handlers: [JobHandler], messages: [Account] });\n`,
    'src/Model/Account.ts': 'export class Account {\n  #secret = "";\n  constructor(readonly id: string) {}\n}\n',
    ...files,
  });
  dirs.push(result.dir);
  return result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`);
}

describe('the analysis reads what the runtime reads', () => {
  it('reports an ES #private field of a message, or of a class nested in it, with its path', () => {
    const diagnostics = analyze({
      'config/packages/messenger.yaml': yaml(
        "transports:\n  async: 'in-memory://?serialize=true'\nrouting:\n  'App\\Message\\Job': async",
      ),
      'src/Message/Job.ts':
        "import type { Account } from '../Model/Account.js';\nexport class Job {\n  #token: string;\n  static #count = 0;\n  constructor(readonly account: Account, token: string) { this.#token = token; }\n  #peek() { return this.#token; }\n}\n",
    });
    const payload = diagnostics.filter((d) => d.includes('non-serializable-payload')).sort();
    assert.deepEqual(payload, [
      `error non-serializable-payload Job is sent to "async", whose serializer cannot carry it: #token is an ES private field: JSON carries only properties, so it would arrive missing and methods reading it would throw; make it a property (TypeScript's \`private\` keeps it private to the compiler and survives JSON).`,
      `error non-serializable-payload Job is sent to "async", whose serializer cannot carry it: account.#secret is an ES private field: JSON carries only properties, so it would arrive missing and methods reading it would throw; make it a property (TypeScript's \`private\` keeps it private to the compiler and survives JSON).`,
    ]);
  });

  it('expands ${VAR} in .env files and follows YAML merge keys, with the runtime reader', () => {
    const diagnostics = analyze({
      '.env': 'BASE=in-memory://\nQUEUE_DSN="${BASE}?serialize=true"\n',
      'config/packages/messenger.yaml': yaml(
        "transports:\n  defaults: &defaults\n    dsn: '%env(QUEUE_DSN)%'\n    retry_strategy: { max_retries: 1 }\n  async:\n    <<: *defaults\nrouting:\n  'App\\Message\\Job': async",
      ),
      'src/Message/Job.ts': 'export class Job {\n  constructor(readonly onDone: () => void) {}\n}\n',
    });
    // The payload is checked only because the DSN resolved to a serializing transport through ${BASE} and <<.
    assert.deepEqual(
      diagnostics.map((d) => d.split(':')[0]),
      ['error non-serializable-payload Job is sent to "async", whose serializer cannot carry it'],
    );
  });
});
