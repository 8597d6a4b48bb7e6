import type { TransportFactory } from '../transport/TransportFactory.js';
import { defaultTransportFactories, TransportFactoryRegistry } from '../transport/TransportFactoryRegistry.js';

/**
 * The transport factories of an application: the built-in ones, then those given to
 * createMessenger({ transportFactories }), a later one taking over a scheme. The static
 * analysis builds its registry here too (with stand-ins for the application's factories), so
 * both agree on which DSNs are valid and which transports serialize.
 */
export function applicationTransportFactories(custom: readonly TransportFactory[] = []): TransportFactoryRegistry {
  return new TransportFactoryRegistry([...defaultTransportFactories(), ...custom]);
}
