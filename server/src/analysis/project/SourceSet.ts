import { sep } from 'node:path';
import { extractFacts } from '../facts/extractFacts.js';
import type { FileFacts } from '../facts/types.js';
import { type ClassRef, classKey } from '../model/ProjectIndex.js';
import { type FileReader, isSourceFile } from './files.js';
import { ModuleResolver } from './resolveModule.js';
import { type ProjectFiles, readProjectFiles } from './tsconfig.js';

/** What one update of the sources changed. */
export interface SourceUpdate {
  /** Files whose facts were (re-)extracted, added or removed. */
  readonly changed: ReadonlySet<string>;
  /** Something a name resolution depends on changed: a file's imports, exports or declarations, or the file list. */
  readonly shapeChanged: boolean;
}

/**
 * The project's TypeScript sources and their facts, kept up to date incrementally: only files
 * marked as touched are read again, and only those whose text changed are parsed again. The
 * class index and the module resolver follow along.
 */
export class SourceSet {
  readonly facts = new Map<string, FileFacts>();
  readonly classes = new Map<string, ClassRef>();
  private readonly texts = new Map<string, string>();
  private readonly touched = new Set<string>();
  private files = new Set<string>();
  private projectFiles: ProjectFiles | undefined;
  private moduleResolver: ModuleResolver | undefined;
  extractions = 0;

  constructor(
    private readonly projectDir: string,
    private readonly reader: FileReader,
    private readonly hasOverlay: (path: string) => boolean,
    private readonly overlayPaths: () => Iterable<string>,
  ) {}

  get resolver(): ModuleResolver {
    return this.moduleResolver!;
  }

  get problems(): ProjectFiles['problems'] {
    return this.projectFiles?.problems ?? [];
  }

  /** The file list must be read again (tsconfig.json changed, a file was created or deleted). */
  invalidateFileList(): void {
    this.projectFiles = undefined;
  }

  touch(path: string): void {
    if (!isSourceFile(path)) return;
    this.touched.add(path);
    // A new buffer opened in the editor joins the project before it is saved.
    if (!this.files.has(path) && this.hasOverlay(path) && this.contains(path)) this.projectFiles = undefined;
  }

  contains(path: string): boolean {
    return path.startsWith(this.projectDir + sep) && !path.includes(`${sep}node_modules${sep}`);
  }

  update(): SourceUpdate {
    const changed = new Set<string>();
    let shapeChanged = false;
    if (this.projectFiles === undefined) {
      this.projectFiles = readProjectFiles(this.projectDir, this.reader);
      const files = new Set(this.projectFiles.files);
      for (const path of this.overlayPaths()) if (isSourceFile(path) && this.contains(path)) files.add(path);
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
  return JSON.stringify([[...facts.imports], [...facts.exports], facts.exportStars, facts.defaultExport !== undefined, facts.classes.map((c) => [c.name, c.extendsName, c.typeParams]), facts.interfaces.map((i) => i.name), facts.aliases.map((a) => a.name), facts.enums, [...facts.variables.keys()]]);
}
