import type { ServerCapabilities } from 'vscode-languageserver';
import { documentHighlight } from './documentHighlight.js';
import type { PositionFeature } from './Feature.js';

export type { DocumentRef, PositionFeature } from './Feature.js';

/**
 * The editor features the server offers: a new one is a module here, added to this list; the
 * server registers its request and advertises its capabilities from it.
 */
export const FEATURES: readonly PositionFeature<unknown>[] = [documentHighlight];

/** The capabilities of a list of features, merged. */
export function featureCapabilities(features: readonly PositionFeature<unknown>[]): ServerCapabilities {
  return Object.assign({}, ...features.map((feature) => feature.capabilities)) as ServerCapabilities;
}
