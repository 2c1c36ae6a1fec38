/**
 * Bad input found before any long work: each message says what and where
 * (`FILE:LINE: message` when a file is to blame). Commands print them all
 * and exit non-zero.
 */
export class Problems extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('\n'));
  }
}
