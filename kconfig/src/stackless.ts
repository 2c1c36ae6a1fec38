/**
 * Recursion without the JavaScript stack.
 *
 * Kconfig input nests without bound (dependency chains of any length,
 * parentheses up to the reference parser's limit), and Node's stack depth
 * depends on how Node was started. A recursive algorithm written as a
 * generator that yields the generator of each "recursive call" (and is sent
 * its result back) runs here on a stack kept in the heap, so its depth is
 * bounded only by memory.
 */
export type Rec<T> = Generator<Rec<unknown>, T, unknown>;

/** Runs `root` to its result, driving the calls it yields. */
export function run<T>(root: Rec<T>): T {
  const stack: Rec<unknown>[] = [root];
  let value: unknown = undefined;
  for (;;) {
    const r = stack[stack.length - 1].next(value);
    if (r.done) {
      stack.pop();
      value = r.value;
      if (stack.length === 0) return value as T;
    } else {
      stack.push(r.value);
      value = undefined;
    }
  }
}
