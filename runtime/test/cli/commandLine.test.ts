import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempProject } from '../support/tempProject.js';

const bin = join(import.meta.dirname, '../../bin/messenger.js');
const app = join(import.meta.dirname, '../fixtures/cli-app');
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' };
const DEADLINE_MS = 30_000;

/** Runs the real `messenger` command (the built CLI; `npm test` builds first). */
function messenger(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: app, encoding: 'utf8', env, timeout: DEADLINE_MS });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the command with a stdout whose reader has already gone (`messenger … | head -0`). */
async function withClosedStdout(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  clearTimeout(timer);
  assert.ok(code !== null, `messenger ${args.join(' ')} did not exit within ${DEADLINE_MS} ms`);
  return { code, stderr };
}

describe('the messenger command line', () => {
  it('ends quietly when its reader goes away (`messenger debug | head -1`), as a Unix tool ends on SIGPIPE', async () => {
    for (const args of [['debug'], ['help', 'consume'], ['list']]) {
      const { code, stderr } = await withClosedStdout(...args);
      assert.equal(stderr, '', `nothing on stderr for ${args.join(' ')}`);
      assert.equal(code, 141, `128 + SIGPIPE, as the shell reports a tool ended by a closed pipe (${args.join(' ')})`);
    }
  });

  it('`messenger` alone lists the commands, grouped by namespace, and exits 0; `list failed` only that namespace', () => {
    const alone = messenger();
    assert.equal(alone.status, 0, alone.stderr);
    assert.match(
      alone.stdout,
      /^messenger \d+\.\d+\.\d+\n\nUsage:\n {2}messenger <command> \[options\] \[arguments\]\n/,
    );
    assert.match(alone.stdout, /Options:\n {2}-h, --help[\s\S]* {2}-v, --verbose +more output/);
    assert.match(alone.stdout, /Available commands:\n {2}check +Check messages[\s\S]* {2}consume +Consume messages\n/);
    assert.match(
      alone.stdout,
      /\n failed\n {2}failed:remove +Remove given messages[\s\S]* {2}failed:show +Show one or more/,
    );
    assert.doesNotMatch(alone.stdout, /_complete/, 'the completion scripts’ own command is hidden');
    const failed = messenger('list', 'failed');
    assert.equal(failed.status, 0);
    assert.match(failed.stdout, /Available commands for the "failed" namespace:\n failed\n {2}failed:remove/);
    assert.doesNotMatch(failed.stdout, /consume/);
  });

  it("each command's help lists the global options too (-v, -e, --app, --ansi)", () => {
    for (const command of ['consume', 'failed:retry', 'debug']) {
      const help = messenger(command, '--help');
      assert.equal(help.status, 0, help.stderr);
      const global = help.stdout.split('Global Options:')[1] ?? '';
      for (const option of ['-v, --verbose', '-e, --env <env>', '--app <file>', '--ansi', '--no-ansi'])
        assert.ok(global.includes(option), `${command} --help lists ${option} among the global options`);
    }
    assert.match(messenger('help', 'consume').stdout, /Global Options:[\s\S]*-v, --verbose/);
  });

  it('debug --format json carries the format version, as every other command’s JSON does', () => {
    const result = messenger('debug', '--format', 'json');
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { version: number; buses: unknown[] };
    assert.equal(json.version, 1);
    assert.equal(json.buses.length, 2);
  });
});

describe('shell completion', () => {
  /** A PATH on which `messenger` is the CLI under test, as after `npm install --global`. */
  const path = (() => {
    const dir = tempProject();
    symlinkSync(bin, join(dir, 'messenger'));
    return `${dir}:${process.env['PATH'] ?? ''}`;
  })();

  /** Loads `messenger completion bash` in bash and asks it to complete `line` (the cursor at its end). */
  function bashCompletions(line: string): string[] {
    const script = [
      'eval "$(messenger completion bash)"',
      'complete -p messenger >&2',
      `COMP_LINE=${quote(line)}; COMP_POINT=\${#COMP_LINE}; COMP_WORDS=(messenger); COMP_CWORD=1`,
      '_messenger_complete',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's expansion, not JavaScript's
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
      cwd: app,
      encoding: 'utf8',
      env: { ...env, PATH: path },
      timeout: DEADLINE_MS,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /complete -o default -F _messenger_complete messenger/);
    return result.stdout.split('\n').filter((l) => l !== '');
  }

  it('completion bash prints a script that bash loads and that completes commands, options and values', () => {
    assert.deepEqual(bashCompletions('messenger fai'), ['failed:remove', 'failed:retry', 'failed:show']);
    assert.deepEqual(
      bashCompletions('messenger failed:re'),
      ['remove', 'retry'],
      'readline replaces only what follows the colon, a word break',
    );
    assert.deepEqual(bashCompletions('messenger consume --li'), ['--limit']);
    assert.deepEqual(bashCompletions('messenger consume '), ['async'], "the app's receivers");
    assert.deepEqual(bashCompletions('messenger consume --bus '), ['command.bus', 'query.bus']);
    assert.deepEqual(bashCompletions('messenger debug --format='), ['txt', 'json']);
    assert.deepEqual(bashCompletions('messenger --ans'), ['--ansi']);
    assert.deepEqual(bashCompletions('messenger help con'), ['consume']);
    assert.deepEqual(bashCompletions('messenger completion '), ['bash', 'zsh', 'fish']);
  });

  it('completion zsh and fish print their scripts; _complete answers in their formats', () => {
    assert.match(
      messenger('completion', 'zsh').stdout,
      /^#compdef messenger\n[\s\S]*compdef _messenger_complete messenger\n$/,
    );
    assert.match(messenger('completion', 'fish').stdout, /complete -c messenger -f -a '\(_messenger_complete\)'\n$/);
    const zsh = messenger('_complete', '--shell=zsh', '--line=messenger failed:');
    assert.match(zsh.stdout, /^failed\\:remove:Remove given messages from the failure transport\n/);
    const fish = messenger('_complete', '--shell=fish', '--line=messenger failed:sh');
    assert.equal(fish.stdout, 'failed:show\tShow one or more messages from the failure transport\n');
    const unknown = messenger('completion', 'tcsh');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /The "tcsh" shell is not supported: pass one of bash, zsh, fish\./);
  });

  for (const shell of ['zsh', 'fish']) {
    // Exercised for real where the shell is installed (bash always is).
    if (spawnSync(shell, ['-c', 'true']).status !== 0) continue;
    it(`completion ${shell} loads in ${shell}`, () => {
      const load =
        shell === 'zsh'
          ? 'autoload -U compinit; compinit -u; eval "$(messenger completion zsh)"'
          : 'messenger completion fish | source';
      const check = shell === 'zsh' ? 'print -r -- $_comps[messenger]' : 'complete -C "messenger fai"';
      const result = spawnSync(shell, ['-c', `${load}; ${check}`], {
        cwd: app,
        encoding: 'utf8',
        env: { ...env, PATH: path },
        timeout: DEADLINE_MS,
      });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, shell === 'zsh' ? /_messenger_complete/ : /failed:show\tShow one or more/);
    });
  }
});

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
