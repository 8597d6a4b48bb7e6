/**
 * The Failed Messages view: per failure transport, its count and a page of its messages
 * (class, id, when, error, retries), a "Load more…" row while more exist, the class filter, or
 * the messages grouped by class (`failed:show --stats`). Pure: the same store state always
 * gives the same rows, however many messages the transport holds.
 */
import { maskText } from '../masking/maskCredentials';
import { count, type TreeNode } from '../tree/TreeNode';
import type { FailedSummary } from './failedJson';
import type { FailedPage, FailureTransportState } from './FailedStore';
import { exactTime, timeAgo } from './timeAgo';

export function buildFailedTree(
  transports: readonly FailureTransportState[],
  grouped: boolean,
  now: number,
): TreeNode[] {
  return transports.map((state) => transportNode(state, grouped, now));
}

/** What narrows the flat list: the class filter, the search, the last hour, in words (`class Sms · "quota" · last hour`). */
export function filterWords(state: Pick<FailureTransportState, 'filter' | 'query'>): string[] {
  return [
    state.filter === undefined ? '' : `class ${state.filter}`,
    state.query.search ? `"${state.query.search}"` : '',
    state.query.lastHour ? 'last hour' : '',
  ].filter((p) => p !== '');
}

/**
 * The transport row's count: every message, or with a filter how many match out of them
 * (`34 of 60 failed messages`), so the header always counts the rows below it.
 */
function countText(state: FailureTransportState, filtered: boolean): string {
  if (state.count === null) return state.list.loaded ? 'count unknown' : 'loading…';
  if (!filtered) return count(state.count, 'failed message');
  if (state.matching === null)
    return state.list.loaded && state.list.messages.length < state.list.max
      ? `${count(state.list.messages.length, 'match', 'matches')} of ${count(state.count, 'failed message')}`
      : `${count(state.count, 'failed message')} in all`;
  return `${state.matching.toLocaleString('en-US')} of ${count(state.count, 'failed message')}`;
}

function transportNode(state: FailureTransportState, grouped: boolean, now: number): TreeNode {
  const id = `failure:${state.name}`;
  const filters = grouped ? [] : filterWords(state);
  const counted = countText(state, filters.length > 0);
  const children: TreeNode[] = [];
  if (state.error !== undefined) children.push(errorNode(`${id}/error`, state.error));
  if (grouped) children.push(...groupNodes(id, state, now));
  else {
    if (filters.length > 0) children.push(filterNode(id, state, filters));
    const total = filters.length > 0 ? state.matching : state.count;
    children.push(...pageNodes(id, state.name, undefined, state.list, total, now, filters.length > 0));
  }
  return {
    id,
    label: state.name,
    description: [counted, ...filters, state.query.newest && !grouped ? 'newest first' : '']
      .filter((p) => p !== '')
      .join(' · '),
    tooltip: `Failure transport "${state.name}": ${counted}${filters.length > 0 ? `\nShowing only: ${filters.join(', ')}` : ''}`,
    icon: 'inbox',
    iconColor: (state.count ?? 0) > 0 ? 'problemsErrorIcon.foreground' : undefined,
    contextValue: (state.count ?? 0) > 0 ? 'failureTransport.nonEmpty' : 'failureTransport',
    expanded: true,
    data: { transport: state.name, filter: state.filter },
    children,
  };
}

function groupNodes(parentId: string, state: FailureTransportState, now: number): TreeNode[] {
  if (state.stats === undefined)
    return [{ id: `${parentId}/stats-loading`, label: 'Counting by class…', icon: 'loading~spin' }];
  if (state.stats.length === 0) return [emptyNode(`${parentId}/empty`)];
  return state.stats.map((group) => {
    const page = state.groups.get(group.class);
    const id = `${parentId}/class:${group.class}`;
    return {
      id,
      label: group.class,
      description: count(group.count, 'message'),
      tooltip: `${count(group.count, 'failed message')} of class ${group.class} in ${state.name}`,
      icon: 'symbol-class',
      contextValue: 'failedClass',
      expanded: false,
      data: { transport: state.name, filter: group.class, group: true },
      children:
        page === undefined
          ? [{ id: `${id}/loading`, label: 'Loading…', icon: 'loading~spin' }]
          : pageNodes(id, state.name, group.class, page, group.count, now),
    };
  });
}

/** The messages of a page, then "Load more…" while the page is full. */
function pageNodes(
  parentId: string,
  transport: string,
  className: string | undefined,
  page: FailedPage,
  total: number | null,
  now: number,
  filtered = false,
): TreeNode[] {
  if (!page.loaded)
    return [
      page.error !== undefined
        ? errorNode(`${parentId}/error`, page.error)
        : { id: `${parentId}/loading`, label: 'Loading…', icon: 'loading~spin' },
    ];
  const nodes: TreeNode[] = page.messages.map((message, index) =>
    messageNode(parentId, transport, message, index, now),
  );
  if (page.error !== undefined) nodes.push(errorNode(`${parentId}/error`, page.error));
  if (nodes.length === 0) return [emptyNode(`${parentId}/empty`, filtered)];
  if (page.messages.length >= page.max) {
    nodes.push({
      id: `${parentId}/more`,
      label: page.loading ? 'Loading more…' : 'Load more…',
      description: `showing ${page.messages.length.toLocaleString('en-US')}${total === null ? '' : ` of ${total.toLocaleString('en-US')}`}`,
      icon: page.loading ? 'loading~spin' : 'ellipsis',
      contextValue: 'loadMore',
      command: { id: 'messenger.failed.loadMore', title: 'Load more', args: [{ transport, className }] },
      data: { transport, className },
    });
  }
  return nodes;
}

export function messageNode(
  parentId: string,
  transport: string,
  message: FailedSummary,
  index: number,
  now: number,
): TreeNode {
  const error = message.error === null ? 'no error recorded' : maskText(message.error);
  const retries = message.retryCount === null ? '' : `retried ${count(message.retryCount, 'time')}`;
  return {
    id: `${parentId}/message:${message.id ?? `#${index}`}`,
    label: message.class,
    description: [message.id === null ? '' : `#${message.id}`, timeAgo(message.failedAt, now), retries, error]
      .filter((p) => p !== '')
      .join(' · '),
    tooltip: [
      `${message.class}${message.decodable ? '' : ' (could not be decoded: it can be shown or removed, not retried)'}`,
      `Id: ${message.id ?? 'none'}`,
      `Failed at: ${exactTime(message.failedAt)}`,
      `Failed with ${message.errorClass ?? 'an unknown error'}: ${error}`,
      message.retryCount === null ? '' : `Retries: ${message.retryCount}`,
      message.originalTransport === null ? '' : `Failed on: ${message.originalTransport}`,
    ]
      .filter((l) => l !== '')
      .join('\n'),
    icon: message.decodable ? 'mail' : 'warning',
    iconColor: 'problemsErrorIcon.foreground',
    contextValue:
      message.id === null ? 'failedMessage.noId' : message.decodable ? 'failedMessage' : 'failedMessage.undecodable',
    command:
      message.id === null
        ? undefined
        : { id: 'messenger.failed.show', title: 'Show Failed Message', args: [{ transport, id: message.id }] },
    data: { transport, id: message.id, class: message.class },
  };
}

function filterNode(parentId: string, state: FailureTransportState, filters: readonly string[]): TreeNode {
  return {
    id: `${parentId}/filter`,
    label: `Only ${filters.join(', ')}`,
    description: 'clear the filter',
    icon: 'filter',
    contextValue: 'failedFilter',
    command: { id: 'messenger.failed.clearFilter', title: 'Clear Filter', args: [{ data: { transport: state.name } }] },
    data: { transport: state.name },
  };
}

function emptyNode(id: string, filtered = false): TreeNode {
  return {
    id,
    label: filtered ? 'No failed message matches' : 'No failed messages',
    icon: 'pass',
    iconColor: 'testing.iconPassed',
  };
}

function errorNode(id: string, error: string): TreeNode {
  return {
    id,
    label: 'Could not list the failed messages',
    description: maskText(error),
    tooltip: maskText(error),
    icon: 'warning',
    iconColor: 'problemsWarningIcon.foreground',
    command: { id: 'messenger.failed.refresh', title: 'Retry' },
  };
}
