/**
 * The C library's srand()/rand() (glibc's additive feedback generator with a
 * 31-word state), so that randconfig gives the same result as conf for the
 * same KCONFIG_SEED.
 */
const DEGREE = 31;
const SEPARATION = 3;

export class CRandom {
  private state = new Int32Array(DEGREE);
  private front = SEPARATION;
  private rear = 0;

  constructor(seed: number) {
    this.seed(seed);
  }

  seed(seed: number): void {
    seed >>>= 0;
    if (seed === 0) seed = 1;
    const s = this.state;
    let word = seed | 0;
    s[0] = word;
    for (let i = 1; i < DEGREE; i++) {
      // 16807 * word mod (2^31 - 1), computed without overflowing 31 bits.
      const hi = Math.trunc(word / 127773);
      const lo = word % 127773;
      word = (16807 * lo - 2836 * hi) | 0;
      if (word < 0) word = (word + 2147483647) | 0;
      s[i] = word;
    }
    this.front = SEPARATION;
    this.rear = 0;
    for (let i = 0; i < DEGREE * 10; i++) this.next();
  }

  /** The next value in [0, 2^31). */
  next(): number {
    const s = this.state;
    const val = (s[this.front] + s[this.rear]) | 0;
    s[this.front] = val;
    const result = (val >>> 0) >>> 1;
    this.front++;
    if (this.front >= DEGREE) {
      this.front = 0;
      this.rear++;
    } else {
      this.rear++;
      if (this.rear >= DEGREE) this.rear = 0;
    }
    return result;
  }
}
