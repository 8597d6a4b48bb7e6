/** The message of the worker benchmarks. */
export class Ping {
  constructor(readonly n: number) {}
}
