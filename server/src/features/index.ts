import type { ServerCapabilities } from 'vscode-languageserver';
import { codeAction, codeActionResolve } from './codeActions/index.js';
import { codeLens } from './codeLens.js';
import { completion } from './completion.js';
import { definition } from './definition.js';
import { documentHighlight } from './documentHighlight.js';
import { documentSymbol } from './documentSymbol.js';
import type { Feature } from './Feature.js';
import { hover } from './hover.js';
import { references } from './references.js';
import { prepareRename, rename } from './rename.js';
import { workspaceSymbol } from './workspaceSymbol.js';

export type {
  DocumentFeature,
  DocumentParams,
  DocumentRef,
  Feature,
  PositionFeature,
  PositionParams,
  ResolveFeature,
  WorkspaceFeature,
} from './Feature.js';

/**
 * The editor features the server offers: a new one is a module here, added to this list; the
 * server registers its request and advertises its capabilities from it.
 */
export const FEATURES: readonly Feature[] = [
  documentHighlight,
  hover,
  definition,
  references,
  workspaceSymbol,
  documentSymbol,
  completion,
  codeLens,
  prepareRename,
  rename,
  codeAction,
  codeActionResolve,
];

/** The capabilities of a list of features, merged. */
export function featureCapabilities(features: readonly Feature[]): ServerCapabilities {
  return Object.assign({}, ...features.map((feature) => feature.capabilities)) as ServerCapabilities;
}
