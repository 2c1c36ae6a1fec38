/**
 * Errors that stop processing. `text` is exactly what the reference tool
 * prints before exiting with status 1, so the CLI can print it verbatim and
 * API users get the same words plus the location as fields.
 */
export class KconfigFatal extends Error {
  readonly text: string;
  readonly file: string | null;
  readonly line: number | null;
  /** Process exit status the reference tool uses for this failure. */
  readonly exitCode: number;

  constructor(text: string, file: string | null = null, line: number | null = null, exitCode = 1) {
    super(text.replace(/\n$/, ''));
    this.name = 'KconfigFatal';
    this.text = text;
    this.file = file;
    this.line = line;
    this.exitCode = exitCode;
  }
}
