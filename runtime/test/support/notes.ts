import { AsMessageHandler } from '../../src/index.js';

/** The message of the database tests: a line of text. */
export class Note {
  constructor(readonly text: string) {}
}

/** A handler class for Note that records the text of each note it handles in `handled`. */
export function noteRecorder(handled: string[]): new () => { __invoke(note: Note): void } {
  @AsMessageHandler(Note)
  class NoteHandler {
    __invoke(note: Note): void {
      handled.push(note.text);
    }
  }
  return NoteHandler;
}
