/**
 * Numeric codes of the engine's `const enum`s that the menu must read.
 * The engine exports them as const enums, which exist only at compile time:
 * code run without TypeScript's whole-program view (vitest transforms each
 * file alone) sees no runtime object. ui/test/engine-codes.test.ts checks
 * each value against the engine's behaviour, so a renumbering fails there.
 */

/** PropType.Menu: the prompt of a `menu` or of a `menuconfig` symbol. */
export const PROMPT_KIND_MENU = 3;

/** ExprType.And and ExprType.Or. */
export const EXPR_AND = 2;
export const EXPR_OR = 1;
