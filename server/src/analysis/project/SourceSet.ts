import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { extractFacts } from '../facts/extractFacts.js';
import type { FileFacts } from '../facts/types.js';
import { type ClassRef, classKey } from '../model/ProjectIndex.js';
import { type FileReader, isSourceFile } from './files.js';
import { ModuleResolver } from './resolveModule.js';
import { includesNewFile, type ProjectFiles, readProjectFiles } from './tsconfig.js';

/** What one update of the sources changed. */
export interface SourceUpdate {
  /** Files whose facts were (re-)extracted, added or removed. */
  readonly changed: ReadonlySet<string>;
  /** Something a name resolution depends on changed: a file's imports, exports or declarations, or the file list. */
  readonly shapeChanged: boolean;
}

/** The editor's open buffers, as the workspace keeps them. */
export interface Overlays {
  has(path: string): boolean;
  paths(): Iterable<string>;
}

/**
 * The project's TypeScript sources and their facts, kept up to date incrementally: only files
 * marked as touched are read again, and only those whose text changed are parsed again. The
 * class index and the module resolver follow along. The files are those tsconfig.json
 * includes, and the editor's new buffers that it would include once saved.
 */
export class SourceSet {
  readonly facts = new Map<string, FileFacts>();
  readonly classes = new Map<string, ClassRef>();
  // The text each file's facts were extracted from: an unchanged text is not parsed again.
  private readonly texts = new Map<string, string>();
  private readonly touched = new Set<string>();
  private files = new Set<string>();
  private listed = new Set<string>();
  /** Open buffers outside the list that already had the list read again for them. */
  private readonly considered = new Set<string>();
  private projectFiles: ProjectFiles | undefined;
  private moduleResolver: ModuleResolver | undefined;
  extractions = 0;

  constructor(
    private readonly projectDir: string,
    private readonly reader: FileReader,
    private readonly overlays: Overlays,
    private readonly onDisk: (path: string) => boolean = existsSync,
  ) {}

  get resolver(): ModuleResolver {
    return this.moduleResolver!;
  }

  get problems(): ProjectFiles['problems'] {
    return this.projectFiles?.problems ?? [];
  }

  /** The file list must be read again (a tsconfig changed, a file was created or deleted). */
  invalidateFileList(): void {
    this.projectFiles = undefined;
  }

  /** Does the file list depend on this file (a tsconfig it was read from)? */
  isConfigFile(path: string): boolean {
    return path.endsWith(`${sep}tsconfig.json`) || (this.projectFiles?.configFiles.includes(path) ?? false);
  }

  touch(path: string): void {
    if (!isSourceFile(path)) return;
    this.touched.add(path);
    // An open buffer outside the list: a file created since it was read (no watcher told us), or one tsconfig excludes.
    // Read the list again once to tell, not on every keystroke.
    if (!this.files.has(path) && this.overlays.has(path) && this.contains(path) && !this.considered.has(path)) {
      this.considered.add(path);
      this.projectFiles = undefined;
    }
  }

  /** A buffer was closed: a file that was only analysed as a buffer leaves, unless it was saved where tsconfig includes it. */
  closed(path: string): void {
    this.considered.delete(path);
    if (this.files.has(path) && !this.listed.has(path)) this.projectFiles = undefined;
  }

  contains(path: string): boolean {
    return path.startsWith(this.projectDir + sep) && !path.includes(`${sep}node_modules${sep}`);
  }

  update(): SourceUpdate {
    const changed = new Set<string>();
    let shapeChanged = false;
    if (this.projectFiles === undefined) {
      this.projectFiles = readProjectFiles(this.projectDir, this.reader);
      this.listed = new Set(this.projectFiles.files);
      const files = new Set(this.listed);
      for (const path of this.overlays.paths()) if (this.admitsBuffer(path)) files.add(path);
      for (const path of this.files) if (!files.has(path)) this.remove(path, changed);
      for (const path of files) if (!this.files.has(path)) this.touched.add(path);
      this.files = files;
      this.moduleResolver = new ModuleResolver(files, this.projectFiles.paths);
      shapeChanged = true;
    }
    for (const path of this.touched) {
      if (this.files.has(path) && this.extract(path)) {
        changed.add(path);
        shapeChanged ||= this.lastShapeChanged;
      }
    }
    this.touched.clear();
    return { changed, shapeChanged };
  }

  private lastShapeChanged = false;

  /** A new buffer, not saved yet, where tsconfig would include it once saved. */
  private admitsBuffer(path: string): boolean {
    return (
      isSourceFile(path) &&
      this.contains(path) &&
      !this.listed.has(path) &&
      !this.onDisk(path) &&
      includesNewFile(this.projectFiles!, path)
    );
  }

  /** Re-extracts a file if its text changed; says whether it did. */
  private extract(path: string): boolean {
    const text = this.reader.read(path) ?? '';
    if (this.texts.get(path) === text && this.facts.has(path)) return false;
    const previous = this.facts.get(path);
    const facts = extractFacts(path, text);
    this.extractions++;
    this.texts.set(path, text);
    this.facts.set(path, facts);
    if (previous !== undefined) for (const cls of previous.classes) this.classes.delete(classKey(path, cls.name));
    for (const decl of facts.classes) {
      const key = classKey(path, decl.name);
      if (!this.classes.has(key)) this.classes.set(key, { key, file: path, decl });
    }
    this.lastShapeChanged = previous === undefined || shape(previous) !== shape(facts);
    return true;
  }

  private remove(path: string, changed: Set<string>): void {
    const previous = this.facts.get(path);
    if (previous !== undefined) for (const cls of previous.classes) this.classes.delete(classKey(path, cls.name));
    this.facts.delete(path);
    this.texts.delete(path);
    changed.add(path);
  }
}

/** What a file declares, imports and exports: what name resolution depends on. */
function shape(facts: FileFacts): string {
  return JSON.stringify([
    [...facts.imports],
    [...facts.exports],
    facts.exportStars,
    facts.defaultExport !== undefined,
    facts.classes.map((c) => [c.name, c.extendsName, c.typeParams]),
    facts.interfaces.map((i) => i.name),
    facts.aliases.map((a) => a.name),
    facts.enums,
    [...facts.variables.keys()],
  ]);
}
