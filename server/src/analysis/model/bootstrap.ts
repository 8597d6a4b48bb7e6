import { join } from 'node:path';
import type { FileFacts, MessengerCallFact, Range, ValueExpr } from '../facts/types.js';
import type { FileReader } from '../project/files.js';
import type { ProjectIndex } from './ProjectIndex.js';

/** The createMessenger() call the CLI would run, and its options as written. */
export interface Bootstrap {
  readonly file: string;
  readonly call: MessengerCallFact;
  readonly options: Readonly<Record<string, ValueExpr>>;
  readonly optionRanges: Readonly<Record<string, Range>>;
}

const CONVENTIONAL = ['src/messenger.ts', 'src/messenger.mts'];

/** The module `messenger` loads: package.json `"messenger": { "app" }`, else src/messenger.ts. */
export function bootstrapModule(projectDir: string, reader: FileReader): string {
  const text = reader.read(join(projectDir, 'package.json'));
  try {
    const app = text === undefined ? undefined : (JSON.parse(text) as { messenger?: { app?: unknown } }).messenger?.app;
    if (typeof app === 'string') return join(projectDir, app);
  } catch {
    // A broken package.json falls back to the convention, as the CLI does.
  }
  return CONVENTIONAL.map((c) => join(projectDir, c)).find((p) => reader.read(p) !== undefined) ?? join(projectDir, CONVENTIONAL[0]!);
}

/** The runtime's createMessenger() call in the bootstrap module, else the only one in the project. */
export function findBootstrap(index: ProjectIndex, facts: ReadonlyMap<string, FileFacts>, module: string): Bootstrap | undefined {
  const calls = (file: string): MessengerCallFact[] => (facts.get(file)?.messengerCalls ?? []).filter((call) => {
    const resolved = index.resolve(file, call.callee);
    return resolved.k === 'runtime' && resolved.name === 'createMessenger';
  });
  let found: { file: string; call: MessengerCallFact } | undefined;
  const own = calls(module)[0];
  if (own !== undefined) found = { file: module, call: own };
  else {
    const all = [...facts.keys()].flatMap((file) => calls(file).map((call) => ({ file, call })));
    if (all.length === 1) found = all[0];
  }
  if (found === undefined) return undefined;
  let options = found.call.options;
  if (options.k === 'ref') {
    const resolved = index.resolve(found.file, options.name);
    if (resolved.k === 'value') options = resolved.value.k === 'typed' ? resolved.value.inner : resolved.value;
  }
  return options.k === 'obj' ? { ...found, options: options.props, optionRanges: options.keyRanges } : { ...found, options: {}, optionRanges: {} };
}

/** The keys of an object option (`middleware: { … }`), or undefined when it is not an object literal. */
export function objectKeys(value: ValueExpr | undefined): string[] | undefined {
  if (value === undefined) return [];
  return value.k === 'obj' ? Object.keys(value.props) : undefined;
}
