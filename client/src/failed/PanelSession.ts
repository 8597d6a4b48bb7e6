/**
 * What the failed-message panel shows and does, without the webview: the message it shows now,
 * the outcome of the last Retry / Remove, and what to post to the webview. The panel is one
 * and is reused, so answers can arrive for a message it no longer shows (the user opened B
 * while A's details loaded, or while a long Retry of A ran): each load and action captures its
 * message when it starts, and its answer is dropped if another message is shown by then.
 * Every message posted about an action carries the message's id, which the webview checks too.
 */
import { removeSummary, retrySummary } from './actionMessages';
import type { RemoveOutcome, RetryOutcome } from './failedJson';
import { sentence } from './sentence';
import type { FailedMessagePanelModel } from './failedMessageView';

export type PanelAction = 'retry' | 'remove';

/** What the extension posts to the webview (see media/failedMessagePanel.js). */
export type PanelUpdate =
  /** `report`: the webview posts back what it drew (the test suite's proof that it ran); off outside tests. */
  | { readonly type: 'show'; readonly model: FailedMessagePanelModel; readonly report: boolean }
  | { readonly type: 'busy'; readonly id: string; readonly action: PanelAction }
  | {
      readonly type: 'result';
      readonly id: string;
      readonly text: string;
      readonly ok: boolean;
      readonly done: boolean;
    };

export interface PanelSessionDeps {
  readonly retry: (transport: string, id: string) => Promise<RetryOutcome>;
  readonly remove: (transport: string, id: string) => Promise<RemoveOutcome>;
  /** Asks the user (a modal); false: nothing is removed. */
  readonly confirmRemove: (model: FailedMessagePanelModel) => Thenable<boolean>;
  readonly post: (update: PanelUpdate) => void;
  /** The failed list and the counts changed (whichever message the panel shows now): `gone` left `transport`. */
  readonly afterChange: (transport: string, gone: readonly string[]) => void;
  /** The details of another message (the one a retry that failed again sent back, under its new id). */
  readonly details: (transport: string, id: string) => Promise<FailedMessagePanelModel>;
  readonly report: boolean;
}

export class PanelSession {
  private shown: FailedMessagePanelModel | undefined;
  private lastResult: Extract<PanelUpdate, { type: 'result' }> | undefined;
  private loads = 0;

  constructor(private readonly deps: PanelSessionDeps) {}

  get model(): FailedMessagePanelModel | undefined {
    return this.shown;
  }

  /**
   * Loads and shows a message. Resolves with its model, or undefined when a later load
   * overtook this one (its answer is dropped); rejects if this, the latest load, failed.
   */
  async load(fetch: () => Promise<FailedMessagePanelModel>): Promise<FailedMessagePanelModel | undefined> {
    const mine = ++this.loads;
    this.shown = undefined;
    this.lastResult = undefined;
    const model = await fetch().catch((error: unknown) => {
      if (mine === this.loads) throw error;
      return undefined;
    });
    if (model === undefined || mine !== this.loads) return undefined;
    this.shown = model;
    this.deps.post({ type: 'show', model, report: this.deps.report });
    return model;
  }

  /** The webview (re)loaded: it gets what it showed before. */
  ready(): void {
    if (this.shown !== undefined) this.deps.post({ type: 'show', model: this.shown, report: this.deps.report });
    if (this.lastResult !== undefined) this.deps.post(this.lastResult);
  }

  clear(): void {
    this.loads++;
    this.shown = undefined;
    this.lastResult = undefined;
  }

  /** Retry or Remove on the message shown when the button was pressed, and that message only. */
  async act(action: PanelAction): Promise<void> {
    const model = this.shown;
    if (model === undefined) return;
    if (action === 'remove' && !(await this.deps.confirmRemove(model))) return;
    if (this.shown !== model) return;
    this.deps.post({ type: 'busy', id: model.id, action });
    const { result, gone, newId } = await this.outcome(action, model);
    this.deps.afterChange(model.transport, gone);
    // Another message is shown now: this result is not about it (the notification-free panel just drops it).
    if (this.shown !== model) return;
    if (newId !== undefined && (await this.follow(model, newId))) {
      const followed = { ...result, id: newId, done: false, text: `${result.text} It is #${newId} now.` };
      this.lastResult = followed;
      this.deps.post(followed);
      return;
    }
    this.lastResult = result;
    this.deps.post(result);
  }

  /** Shows the message under its new id (it failed again and went back); false if it cannot be shown (then the old page stays). */
  private async follow(model: FailedMessagePanelModel, newId: string): Promise<boolean> {
    try {
      return (await this.load(() => this.deps.details(model.transport, newId))) !== undefined;
    } catch {
      return false;
    }
  }

  private async outcome(
    action: PanelAction,
    model: FailedMessagePanelModel,
  ): Promise<{ result: Extract<PanelUpdate, { type: 'result' }>; gone: string[]; newId?: string }> {
    try {
      if (action === 'retry') {
        const outcome = await this.deps.retry(model.transport, model.id);
        const summary = retrySummary(outcome);
        // Handled, or failed and sent back under a new id: either way this one left the transport.
        const left = outcome.results.filter(
          (r) => r.result === 'handled' || r.result === 'failed' || r.result === 'not-found',
        );
        const newId = outcome.results.find((r) => r.result === 'failed' && r.newId !== null)?.newId ?? undefined;
        return {
          result: {
            type: 'result',
            id: model.id,
            text: sentence(`Retry: ${summary.text}`),
            ok: summary.ok,
            done: left.length > 0,
          },
          gone: left.length > 0 ? [model.id] : [],
          newId,
        };
      }
      const outcome = await this.deps.remove(model.transport, model.id);
      const summary = removeSummary(outcome);
      return {
        result: { type: 'result', id: model.id, text: sentence(`Remove: ${summary.text}`), ok: summary.ok, done: true },
        gone: [...outcome.removed, ...outcome.notFound],
      };
    } catch (error) {
      return {
        result: {
          type: 'result',
          id: model.id,
          text: sentence(`${action === 'retry' ? 'Retry' : 'Remove'} failed: ${(error as Error).message}`),
          ok: false,
          done: false,
        },
        gone: [],
      };
    }
  }
}
