/**
 * Helpers for testing code written against the messenger, shipped to users as Symfony ships
 * InMemoryTransport and its middleware test case: `import { testStack } from '@messenger-ts/runtime/testing'`.
 */
import type { Envelope } from '../Envelope.js';
import type { Middleware, Stack } from '../middleware/Middleware.js';

export { InMemoryTransport } from '../transport/in-memory/InMemoryTransport.js';
export {
  ContractNote,
  describeTransportContract,
  type TestApi,
  type TransportContractContext,
  type TransportContractOptions,
} from './transportContract.js';

/** A stack for testing one middleware on its own: it records what the middleware passed on. */
export interface TestStack extends Stack {
  /** Every envelope that reached the next middleware, in order (empty: the chain was stopped). */
  readonly passedOn: readonly Envelope[];
}

/**
 * `await new AuditMiddleware().handle(envelope, stack)` with `stack = testStack()` runs the
 * middleware against a next middleware that records the envelope and returns what `next` returns
 * (the envelope itself by default), as Symfony's MiddlewareTestCase::getStackMock() does.
 */
export function testStack(
  next: (envelope: Envelope) => Envelope | Promise<Envelope> = (envelope) => envelope,
): TestStack {
  const passedOn: Envelope[] = [];
  const recorder: Middleware = {
    handle: async (envelope) => {
      passedOn.push(envelope);
      return next(envelope);
    },
  };
  return { passedOn, next: () => recorder };
}
