import { describe, it } from 'node:test';
import { basicTests } from './contract/basics.js';
import { capabilityTests } from './contract/capabilities.js';
import { contractTest } from './contract/contractTest.js';
import type { TestApi, TransportContractOptions } from './contract/options.js';

export type { TestApi, TransportContractContext, TransportContractOptions } from './contract/options.js';
export { ContractNote } from './contract/messages.js';

const NODE_TEST: TestApi = { describe, it };

/**
 * Declares the transport conformance suite for one transport: what every transport promises
 * (see transport/Transport.ts), then the tests of each capability it declares. Run it in a
 * node:test file (or pass vitest's or jest's `{ describe, it }` as `api`):
 *
 *   describeTransportContract('my transport', {
 *     create: (context) => new MyTransportFactory().createTransport(Dsn.parse(`my://host/${context.queue}`), {}, context),
 *     cleanup: ({ queue }) => dropQueue(queue),
 *     capabilities: { delays: true, listable: true },
 *   });
 */
export function describeTransportContract(
  name: string,
  options: TransportContractOptions,
  api: TestApi = NODE_TEST,
): void {
  api.describe(`transport contract: ${name}`, () => {
    const test = contractTest(api, options);
    basicTests(test, options.capabilities);
    capabilityTests(test, options);
  });
}
