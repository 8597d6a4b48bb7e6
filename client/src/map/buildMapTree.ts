/**
 * The Messenger map, from the language server's model and nothing else: a note about queued
 * counts when they are not shown (restricted mode, still counting, or the CLI failed), the
 * buses with their messages and handlers, the transports with what routes to each, and the
 * project's problems. Several projects in one workspace get one top-level row each.
 */
import type { ProjectModel } from '@messenger-ts/server/protocol';
import { countsOf, type StatsState } from '../stats/StatsStore';
import type { TreeNode } from '../tree/TreeNode';
import { busesSection } from './busNodes';
import { type DiagnosticInfo, isInside, problemsSection, relativeTo } from './problems';
import { transportsSection } from './transportNodes';

export interface MapInput {
  readonly projects: readonly ProjectModel[];
  readonly stats: StatsState;
  readonly diagnostics: readonly DiagnosticInfo[];
  /** The folder the workspace opened, to name projects by their relative path. */
  readonly workspaceDir?: string;
  /** For the age of the oldest queued message (default: now). */
  readonly now?: number;
}

export function buildMapTree(input: MapInput): TreeNode[] {
  const note = statsNote(input.stats);
  if (input.projects.length === 1) return [...(note ? [note] : []), ...projectSections('', input.projects[0]!, input)];
  return [
    ...(note ? [note] : []),
    ...input.projects.map((project) => ({
      id: `project:${project.projectDir}`,
      label: input.workspaceDir === undefined ? project.projectDir : relativeTo(input.workspaceDir, project.projectDir),
      description: `env ${project.env}`,
      icon: 'folder',
      contextValue: 'project',
      expanded: true,
      children: projectSections(`${project.projectDir}|`, project, input),
    })),
  ];
}

function projectSections(idPrefix: string, project: ProjectModel, input: MapInput): TreeNode[] {
  const diagnostics = input.diagnostics.filter((d) => isInside(project.projectDir, d.file));
  const counts = countsOf(input.stats);
  const problems = problemsSection(idPrefix, project.projectDir, diagnostics);
  return [
    busesSection(idPrefix, project, diagnostics),
    transportsSection(idPrefix, project, counts, diagnostics, input.now),
    ...(problems ? [problems] : []),
  ];
}

/** Why the transports show no queued counts, when they do not. */
function statsNote(stats: StatsState): TreeNode | undefined {
  switch (stats.kind) {
    case 'untrusted':
      return {
        id: 'stats-note',
        label: 'Queued counts need a trusted workspace',
        tooltip:
          'Counting the messages waiting in each transport runs `messenger stats`, which loads your application (your code). Trust the workspace to see them; the map itself works without.',
        icon: 'shield',
        contextValue: 'statsNote.untrusted',
        command: { id: 'workbench.trust.manage', title: 'Manage Workspace Trust' },
      };
    case 'failed':
      return {
        id: 'stats-note',
        label: 'Queued counts unavailable',
        description: stats.error,
        tooltip: `messenger stats failed: ${stats.error}`,
        icon: 'warning',
        iconColor: 'problemsWarningIcon.foreground',
        contextValue: 'statsNote.failed',
        command: { id: 'messenger.refreshMap', title: 'Retry' },
      };
    case 'loading':
      return stats.last === undefined
        ? {
            id: 'stats-note',
            label: 'Counting queued messages…',
            icon: 'loading~spin',
            contextValue: 'statsNote.loading',
          }
        : undefined;
    case 'unknown':
    case 'ready':
      return undefined;
  }
}
