import { isProjectConfigFile } from '@messenger-ts/runtime/layout';
import type { AnalysisResult } from '../../analysis/index.js';
import type { MessageInfo } from '../../analysis/model/assemble.js';
import type { HandlerDef } from '../../analysis/model/handlers.js';
import { isSourceFile } from '../../analysis/project/files.js';
import type { Range } from '../../protocol.js';
import type { FileFacts } from '../../analysis/facts/types.js';
import { type NameSite, nameSites, parseFile } from './syntax.js';
import { yamlSites } from './yamlConfig.js';

/** A place that names something, and whether it is where it is defined. */
export interface Occurrence {
  readonly file: string;
  readonly range: Range;
  readonly role: 'definition' | 'reference';
}

/**
 * Is this a messenger config file of the project: one the config read (any name createMessenger()
 * gives it), or another environment's (`config/packages/test/messenger.yaml`)?
 */
export function isConfigDocument(analysis: AnalysisResult, file: string): boolean {
  return configYamlFiles(analysis).includes(file) || isProjectConfigFile(analysis.model.projectDir, file);
}

/** The YAML files of the config (not the .env files). */
export function configYamlFiles(analysis: AnalysisResult): string[] {
  return analysis.model.config.files.filter((file) => /\.ya?ml$/.test(file));
}

/**
 * Every place a transport or a bus is named: its key and each use in messenger.yaml
 * (routing, failure_transport, default_bus), and the strings of the code that name it
 * (fromTransport, bus, @AsMessage transport, TransportNamesStamp, getBus). Ranges leave the
 * quotes out: what rename replaces. Only the files whose text contains the name are parsed.
 */
export function nameOccurrences(
  analysis: AnalysisResult,
  kind: 'transport' | 'bus',
  name: string,
  where: 'everywhere' | 'config' = 'everywhere',
): Occurrence[] {
  const out: Occurrence[] = [];
  for (const file of configYamlFiles(analysis)) {
    const text = analysis.text(file);
    if (text === undefined || !text.includes(name)) continue;
    for (const site of yamlSites(file, text))
      if (site.kind === kind && site.name === name) out.push({ file, range: site.range, role: site.role });
  }
  if (where === 'config') return out;
  for (const [file, facts] of analysis.model.index.facts) {
    if (facts.skipped !== undefined || !isSourceFile(file)) continue;
    for (const site of codeSites(analysis, file, facts))
      if (site.kind === kind && site.name === name) out.push({ file, range: site.range, role: 'reference' });
  }
  return out;
}

/**
 * The name sites of a file, kept with its facts: the facts object stands for one version of the
 * file (the workspace extracts them again when it changes), so a second rename or references
 * request parses nothing, and no copy of the text is kept.
 */
const sitesByVersion = new WeakMap<FileFacts, readonly NameSite[]>();

function codeSites(analysis: AnalysisResult, file: string, facts: FileFacts): readonly NameSite[] {
  let sites = sitesByVersion.get(facts);
  if (sites === undefined) {
    const text = analysis.text(file);
    // Only strings can name a transport or a bus: a file without a quote has none.
    const parsed = text === undefined || !/['"`]/.test(text) ? undefined : parseFile(file, text, false);
    sites = parsed === undefined ? [] : nameSites(parsed);
    sitesByVersion.set(facts, sites);
  }
  return sites;
}

/** Every place a message is written: its declaration, the handlers' decorators, dispatches, routing keys. */
export function messageOccurrences(analysis: AnalysisResult, info: MessageInfo): Occurrence[] {
  return analysis
    .positions()
    .occurrences({ kind: 'message', cls: info.cls, role: 'definition' })
    .map((placed) => ({
      file: placed.file,
      range: placed.range,
      role: placed.element.kind === 'message' && placed.element.role === 'definition' ? 'definition' : 'reference',
    }));
}

/** Every place a handler is written: its decorator and method, and its entry in createMessenger({ handlers }). */
export function handlerOccurrences(analysis: AnalysisResult, def: HandlerDef): Occurrence[] {
  const out: Occurrence[] = analysis
    .positions()
    .occurrences({ kind: 'handler', def, part: 'decorator' })
    .map((placed) => ({ file: placed.file, range: placed.range, role: 'definition' }));
  for (const entry of analysis.model.entries)
    if (entry.cls?.key === def.cls.key && entry.range !== undefined)
      out.push({ file: entry.file, range: entry.range, role: 'reference' });
  return out;
}
