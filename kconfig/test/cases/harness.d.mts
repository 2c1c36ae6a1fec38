import type { LanguageCase } from './catalog.mjs';
export function materialize(c: LanguageCase): string;
export function caseEnv(c: LanguageCase): Record<string, string>;
export function collectOutputs(c: LanguageCase, dir: string): Record<string, string | null>;
