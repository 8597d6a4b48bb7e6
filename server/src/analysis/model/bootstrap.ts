import { join } from 'node:path';
import { BOOTSTRAP_MODULES, locateBootstrapModule } from '@messenger-ts/runtime/layout';
import type { FileFacts, MessengerCallFact, Range, ValueExpr } from '../facts/types.js';
import type { ProjectIndex } from './ProjectIndex.js';

/** The createMessenger() call the CLI would run, and its options as written. */
export interface Bootstrap {
  readonly file: string;
  readonly call: MessengerCallFact;
  readonly options: Readonly<Record<string, ValueExpr>>;
  readonly optionRanges: Readonly<Record<string, Range>>;
  /**
   * The options may hold more than `options` shows (a spread, or an options object the
   * analysis cannot read): an option missing from `options` is then unknown, not absent.
   */
  readonly open: boolean;
}

/**
 * The module `messenger` loads, found by the project layout as the CLI finds it (package.json
 * `"messenger": { "app" }`, else the first conventional module that exists); where it would be
 * when there is none yet.
 */
export function bootstrapModule(
  projectDir: string,
  app: string | undefined,
  exists: (path: string) => boolean,
): string {
  return locateBootstrapModule(projectDir, app, exists) ?? join(projectDir, BOOTSTRAP_MODULES[0]);
}

/** The runtime's createMessenger() call in the bootstrap module, else the only one in the project. */
export function findBootstrap(
  index: ProjectIndex,
  facts: ReadonlyMap<string, FileFacts>,
  module: string,
): Bootstrap | undefined {
  const calls = (file: string): MessengerCallFact[] =>
    (facts.get(file)?.messengerCalls ?? []).filter((call) => {
      const resolved = index.resolve(file, call.callee);
      return resolved.kind === 'runtime' && resolved.name === 'createMessenger';
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
  if (options.kind === 'ref') {
    const resolved = index.resolve(found.file, options.name);
    if (resolved.kind === 'value') options = resolved.value.kind === 'typed' ? resolved.value.inner : resolved.value;
  }
  return options.kind === 'obj'
    ? { ...found, options: options.props, optionRanges: options.keyRanges, open: options.open === true }
    : { ...found, options: {}, optionRanges: {}, open: true };
}

/**
 * The keys of an object option (`middleware: { … }`): none when the option is certainly
 * absent, undefined when the analysis cannot list them.
 */
export function optionKeys(bootstrap: Bootstrap, name: string): string[] | undefined {
  const value = bootstrap.options[name];
  if (value === undefined) return bootstrap.open ? undefined : [];
  return value.kind === 'obj' && value.open !== true ? Object.keys(value.props) : undefined;
}
