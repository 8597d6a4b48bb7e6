/**
 * The Transports section of the map: each transport with its DSN (masked), the messages queued
 * in it (from `messenger stats`, trusted workspaces only), its retry strategy and failure
 * transport, and what routes to it (each routed message and the rule that sends it there).
 */
import type { MessageModel, ProjectModel, TransportModel } from '@messenger-ts/server/protocol';
import { maskText } from '../masking/maskCredentials';
import type { TransportCounts } from '../stats/parseStats';
import { count, type TreeNode } from '../tree/TreeNode';
import { type DiagnosticInfo, withProblems } from './rowProblems';

export function transportsSection(
  idPrefix: string,
  project: ProjectModel,
  counts: TransportCounts | undefined,
  diagnostics: readonly DiagnosticInfo[],
  now: number = Date.now(),
): TreeNode {
  const failureTransports = failureTransportNames(project);
  return {
    id: `${idPrefix}transports`,
    label: 'Transports',
    description: count(project.transports.length, 'transport'),
    icon: 'database',
    contextValue: 'transports',
    expanded: true,
    children: project.transports.map((transport) =>
      transportNode(
        `${idPrefix}transport:${transport.name}`,
        transport,
        project.messages,
        failureTransports.has(transport.name),
        counts,
        diagnostics,
        now,
      ),
    ),
  };
}

/** The transports some transport sends its failures to (the global one included). */
export function failureTransportNames(project: ProjectModel): Set<string> {
  const names = new Set(project.transports.map((t) => t.failureTransport).filter((n): n is string => n !== undefined));
  if (project.failureTransport !== undefined) names.add(project.failureTransport);
  const known = new Set(project.transports.map((t) => t.name));
  return new Set([...names].filter((n) => known.has(n)));
}

function transportNode(
  id: string,
  transport: TransportModel,
  messages: readonly MessageModel[],
  isFailureTransport: boolean,
  counts: TransportCounts | undefined,
  diagnostics: readonly DiagnosticInfo[],
  now: number,
): TreeNode {
  const dsn = maskText(transport.dsn);
  const queued = queuedText(transport.name, counts, now);
  const consumers = counts?.details.get(transport.name)?.consumers;
  const unconsumed = (counts?.counts.get(transport.name) ?? 0) > 0 && consumers === 0;
  const routed = messages
    .flatMap((message) =>
      message.routes.filter((r) => r.transport === transport.name).map((route) => ({ message, route })),
    )
    .sort((a, b) => a.message.name.localeCompare(b.message.name));
  const retry = transport.retryStrategy;
  const tooltip = [
    `Transport ${transport.name}${isFailureTransport ? ' (a failure transport)' : ''}`,
    `DSN: ${dsn}`,
    queued === undefined ? '' : `Queued: ${queued}`,
    consumers === undefined || consumers === null ? '' : `Consumers: ${consumers}`,
    unconsumed ? 'No worker is consuming this transport.' : '',
    transport.failureTransport !== undefined && transport.failureTransport !== transport.name
      ? `Failed messages go to: ${transport.failureTransport}`
      : '',
    retry.service !== undefined
      ? `Retry strategy: service ${retry.service}`
      : `Retries: ${retry.maxRetries}, after ${retry.delay} ms × ${retry.multiplier}${retry.maxDelay > 0 ? ` (at most ${retry.maxDelay} ms)` : ''}`,
  ]
    .filter((l) => l !== '')
    .join('\n');
  return withProblems(
    {
      id,
      label: transport.name,
      // Counts first: a narrow side bar cuts the end of the line, and a DSN is the least news.
      description: [queued ?? '', unconsumed ? 'no consumer' : '', isFailureTransport ? 'failure transport' : '', dsn]
        .filter((p) => p !== '')
        .join(' · '),
      tooltip,
      icon: unconsumed
        ? 'warning'
        : transport.scheme === 'sync'
          ? 'arrow-right'
          : isFailureTransport
            ? 'inbox'
            : 'database',
      iconColor: unconsumed ? 'problemsWarningIcon.foreground' : undefined,
      contextValue: isFailureTransport ? 'transport.failure' : 'transport',
      location: transport.location,
      data: { transport: transport.name },
      children: routed.map(({ message, route }) => ({
        id: `${id}/routed:${message.id}`,
        label: message.name,
        description: ROUTE_SOURCES[route.source],
        tooltip: `${message.name} is sent to ${transport.name} ${ROUTE_SOURCES[route.source]}`,
        icon: 'mail',
        contextValue: 'routedMessage',
        location: message.location,
        data: { message: message.name },
      })),
    },
    diagnostics,
  );
}

const ROUTE_SOURCES = {
  class: 'by its routing rule',
  parent: "by a parent class's rule",
  attribute: 'by @AsMessage({ transport })',
  wildcard: "by the '*' rule",
} as const;

/** `3 queued, oldest 2 min`; nothing for a transport that cannot count (sync://) or before the counts are known. */
function queuedText(name: string, counts: TransportCounts | undefined, now: number): string | undefined {
  const queued = counts?.counts.get(name);
  if (queued === undefined) return undefined;
  const oldest = counts?.details.get(name)?.oldestAvailableAt;
  const age = queued > 0 && typeof oldest === 'number' ? `, oldest ${formatAge(now - oldest)}` : '';
  return `${queued.toLocaleString('en-US')} queued${age}`;
}

/** `12 s`, `3 min`, `2 h`, `4 days`: how long the oldest message has waited. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h`;
  const days = Math.round(seconds / 86_400);
  return `${days} day${days === 1 ? '' : 's'}`;
}
