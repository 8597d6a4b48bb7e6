/**
 * Tokenizes YAML the way VS Code does: vscode-textmate with Oniguruma, VS Code's own YAML
 * grammar (taken from the code-server install the harness caches, so the host grammar is
 * exactly the one the extension runs against) and our injection grammar on top.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { ensureVsCodeTools } from '../harness/tools';

export const SYNTAXES_DIR = resolve(__filename, '..', '..', '..', '..', 'syntaxes');
export const INJECTION_FILE = join(SYNTAXES_DIR, 'messenger-yaml.injection.tmLanguage.json');
export const INJECTION_SCOPE = 'messenger-yaml.injection';

export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

let registry: Promise<textmate.Registry> | undefined;

function yamlGrammarDir(): string {
  const { codeServer } = ensureVsCodeTools();
  return resolve(codeServer, '..', '..', '..', 'lib', 'vscode', 'extensions', 'yaml', 'syntaxes');
}

async function createRegistry(): Promise<textmate.Registry> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const grammars = new Map<string, string>();
  const yamlDir = yamlGrammarDir();
  for (const file of readdirSync(yamlDir).filter((f) => f.endsWith('.tmLanguage.json'))) {
    const path = join(yamlDir, file);
    grammars.set((JSON.parse(readFileSync(path, 'utf8')) as { scopeName: string }).scopeName, path);
  }
  grammars.set(INJECTION_SCOPE, INJECTION_FILE);
  return new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const path = grammars.get(scopeName);
      return path === undefined ? null : textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
    // What `"injectTo": ["source.yaml"]` in package.json does inside VS Code.
    getInjections: (scopeName) => (scopeName === 'source.yaml' ? [INJECTION_SCOPE] : undefined),
  });
}

/** The tokens of each line of a YAML document. */
export async function tokenizeYaml(text: string): Promise<Token[][]> {
  registry ??= createRegistry();
  const grammar = await (await registry).loadGrammar('source.yaml');
  if (grammar === null) throw new Error("VS Code's YAML grammar did not load");
  let state = textmate.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
  });
}

// The YAML grammar's structural scopes (nesting of mappings and documents) repeat on every
// token and say nothing about what our injection does: the snapshots leave them out.
const STRUCTURAL_SCOPE =
  /^(source\.yaml|meta\.(stream|document|mapping|map\.key|map\.value|flow\.sequence|flow\.mapping|block\.sequence)\.yaml)$/;

/** A readable snapshot: each line, then each non-blank token with its scopes. */
export function renderSnapshot(source: string, lines: readonly Token[][]): string {
  const sourceLines = source.split(/\r?\n/);
  const out: string[] = [];
  lines.forEach((tokens, index) => {
    out.push(`> ${sourceLines[index]}`);
    for (const token of tokens) {
      if (token.text.trim() === '') continue;
      out.push(`    ${JSON.stringify(token.text)}  ${token.scopes.filter((s) => !STRUCTURAL_SCOPE.test(s)).join(' ')}`);
    }
  });
  return `${out.join('\n')}\n`;
}
