/**
 * The "Start Worker…" form: one QuickPick listing the limits of `messenger consume` with their
 * values and a Start item showing the command line; choosing a field asks for its value in an
 * input box (checked by consumeForm.applyField) and comes back to the form.
 */
import * as vscode from 'vscode';
import type { ConsumeOptions } from '../workers/consumeArguments';
import {
  applyField,
  commandPreview,
  CONSUME_FIELDS,
  type ConsumeField,
  fieldSummary,
  fieldValue,
} from '../workers/consumeForm';

interface FormItem extends vscode.QuickPickItem {
  readonly field?: ConsumeField;
}

export async function startWorkerForm(
  initial: ConsumeOptions,
  knownTransports: readonly string[],
): Promise<ConsumeOptions | undefined> {
  let options = initial;
  for (;;) {
    const choice = await pick(options);
    if (choice === undefined) return undefined;
    if (choice.field === undefined) return options;
    const edited = await edit(options, choice.field, knownTransports);
    if (edited !== undefined) options = edited;
  }
}

function pick(options: ConsumeOptions): Promise<FormItem | undefined> {
  const start: FormItem = { label: '$(play) Start worker', description: commandPreview(options), alwaysShow: true };
  const fields: FormItem[] = CONSUME_FIELDS.map((spec) => ({
    label: `$(${spec.icon}) ${spec.label}`,
    description: fieldSummary(options, spec.field),
    field: spec.field,
  }));
  return new Promise((resolve) => {
    const quickPick = vscode.window.createQuickPick<FormItem>();
    quickPick.title = 'Start a worker (messenger consume)';
    quickPick.placeholder = 'Start, or choose a limit to set';
    quickPick.items = [start, { label: 'Options', kind: vscode.QuickPickItemKind.Separator }, ...fields];
    quickPick.ignoreFocusOut = true;
    let chosen: FormItem | undefined;
    quickPick.onDidAccept(() => {
      chosen = quickPick.selectedItems[0];
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(chosen);
    });
    quickPick.show();
  });
}

async function edit(
  options: ConsumeOptions,
  field: ConsumeField,
  knownTransports: readonly string[],
): Promise<ConsumeOptions | undefined> {
  const spec = CONSUME_FIELDS.find((f) => f.field === field)!;
  const text = await vscode.window.showInputBox({
    title: spec.label,
    prompt:
      field === 'transports' && knownTransports.length > 0
        ? `${spec.prompt}. Known: ${knownTransports.join(', ')}`
        : spec.prompt,
    placeHolder: spec.placeholder,
    value: fieldValue(options, field),
    ignoreFocusOut: true,
    validateInput: (value) => {
      const applied = applyField(options, field, value, knownTransports);
      return 'error' in applied ? applied.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const applied = applyField(options, field, text, knownTransports);
  return 'error' in applied ? undefined : applied;
}
