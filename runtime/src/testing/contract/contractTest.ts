import { ContractRun } from './harness.js';
import type { TestApi, TransportContractOptions } from './options.js';

/** Declares one contract test: it gets a fresh ContractRun, whose transports are closed and queue removed afterwards. */
export type ContractTest = (name: string, body: (run: ContractRun) => Promise<void>) => void;

export function contractTest(api: TestApi, options: TransportContractOptions): ContractTest {
  return (name, body) => {
    api.it(name, async () => {
      const run = new ContractRun(options);
      try {
        await body(run);
      } finally {
        await run.finish();
      }
    });
  };
}
