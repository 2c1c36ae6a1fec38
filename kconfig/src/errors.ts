/**
 * Errors that stop processing. `text` is exactly what the reference tool
 * prints for the failure before exiting with status 1 (for parse errors and
 * recursive dependencies, every message printed about it), `file` and
 * `line` where it is. A KconfigFatal that leaves loading a tree has been
 * sent to the tree's `output.stderr` already (`reported`): the CLI does not
 * print it again.
 */
export class KconfigFatal extends Error {
  readonly text: string;
  readonly file: string | null;
  readonly line: number | null;
  /** Process exit status the reference tool uses for this failure. */
  readonly exitCode: number;
  /** `text`, kept under its former name (it once held what `text` left out). */
  readonly details: string;
  /** `text` has been printed to the tree's output. */
  reported: boolean;

  constructor(text: string, file: string | null = null, line: number | null = null, exitCode = 1, reported = false) {
    super(text.replace(/\n$/, ''));
    this.name = 'KconfigFatal';
    this.text = text;
    this.file = file;
    this.line = line;
    this.exitCode = exitCode;
    this.details = text;
    this.reported = reported;
  }
}
