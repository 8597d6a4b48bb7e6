/** What the status bar item says: workers running and failed messages, in a few characters. */
export interface StatusFacts {
  readonly runningWorkers: number;
  /** Failed messages on the failure transports; undefined until known (or untrusted). */
  readonly failedMessages?: number;
  readonly server: 'starting' | 'running' | 'stopped' | 'failed';
  readonly trusted: boolean;
}

export interface StatusPresentation {
  readonly text: string;
  readonly tooltip: string;
  /** Draws attention (the warning background) when something needs the user. */
  readonly warning: boolean;
}

export function statusPresentation(facts: StatusFacts): StatusPresentation {
  const parts = ['$(mail) Messenger'];
  if (facts.runningWorkers > 0) parts.push(`$(play) ${facts.runningWorkers}`);
  if (facts.failedMessages !== undefined && facts.failedMessages > 0) parts.push(`$(error) ${facts.failedMessages}`);
  if (facts.server === 'failed') parts.push('$(warning)');
  const tooltip = [
    `${facts.runningWorkers} worker${facts.runningWorkers === 1 ? '' : 's'} running`,
    facts.failedMessages === undefined
      ? facts.trusted
        ? 'failed messages: not counted yet'
        : 'failed messages: trust the workspace to see them'
      : `${facts.failedMessages} failed message${facts.failedMessages === 1 ? '' : 's'}`,
    `language server: ${facts.server}`,
  ].join('\n');
  return { text: parts.join('  '), tooltip, warning: facts.server === 'failed' || (facts.failedMessages ?? 0) > 0 };
}
