export interface LanguageCase {
  name: string;
  files: Record<string, string>;
  args: string[];
  env?: Record<string, string>;
  stdin?: string;
  outputs?: string[];
}
export const CASES: LanguageCase[];
