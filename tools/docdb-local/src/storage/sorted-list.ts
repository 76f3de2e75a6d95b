/**
 * An ordered list kept as a sequence of small sorted blocks: O(log n + B) inserts and removals
 * (B = block size) and ordered scans from any position, without the O(n) array splices of a
 * flat sorted array. The shape a B-tree's leaf level has, which is all an index needs here.
 */
const BLOCK = 256;

export class SortedList<T> {
  private blocks: T[][] = [];
  private count = 0;

  constructor(private readonly cmp: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** Index of the first block whose last element is >= probe (probe(x) < 0 means x is before). */
  private blockFor(probe: (x: T) => number): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const b = this.blocks[mid] as T[];
      if (probe(b[b.length - 1] as T) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static lowerIn<T>(block: T[], probe: (x: T) => number): number {
    let lo = 0;
    let hi = block.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (probe(block[mid] as T) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(item: T): void {
    this.count++;
    if (this.blocks.length === 0) {
      this.blocks.push([item]);
      return;
    }
    const probe = (x: T) => this.cmp(x, item);
    let bi = this.blockFor(probe);
    if (bi === this.blocks.length) bi--;
    const block = this.blocks[bi] as T[];
    block.splice(SortedList.lowerIn(block, probe), 0, item);
    if (block.length > BLOCK * 2) this.blocks.splice(bi + 1, 0, block.splice(BLOCK));
  }

  /** Removes the element equal (cmp === 0) to item; returns whether one was found. */
  remove(item: T): boolean {
    const probe = (x: T) => this.cmp(x, item);
    const bi = this.blockFor(probe);
    const block = this.blocks[bi];
    if (!block) return false;
    const i = SortedList.lowerIn(block, probe);
    if (i >= block.length || this.cmp(block[i] as T, item) !== 0) return false;
    block.splice(i, 1);
    this.count--;
    if (block.length === 0) this.blocks.splice(bi, 1);
    return true;
  }

  /** Visits elements in order starting at the first one with probe(x) >= 0, until visit returns false. */
  scanFrom(probe: ((x: T) => number) | undefined, visit: (x: T) => boolean): void {
    let bi = probe ? this.blockFor(probe) : 0;
    let i = probe && bi < this.blocks.length ? SortedList.lowerIn(this.blocks[bi] as T[], probe) : 0;
    for (; bi < this.blocks.length; bi++, i = 0) {
      const block = this.blocks[bi] as T[];
      for (; i < block.length; i++) if (!visit(block[i] as T)) return;
    }
  }

  /**
   * Visits elements in reverse order, starting at the last one with after(x) <= 0 (after(x) > 0
   * marks the elements at the end that come after the starting point), until visit returns false.
   */
  scanBackFrom(after: (x: T) => number, visit: (x: T) => boolean): void {
    const beyond = (x: T) => (after(x) > 0 ? 0 : -1);
    let bi = this.blockFor(beyond);
    let i: number;
    if (bi === this.blocks.length) {
      bi--;
      i = (this.blocks[bi]?.length ?? 0) - 1;
    } else i = SortedList.lowerIn(this.blocks[bi] as T[], beyond) - 1;
    for (; bi >= 0; bi--, i = (this.blocks[bi]?.length ?? 0) - 1) {
      const block = this.blocks[bi] as T[];
      for (; i >= 0; i--) if (!visit(block[i] as T)) return;
    }
  }

  /** How many elements come before the first one with probe(x) >= 0: O(blocks), no element visits. */
  rank(probe: (x: T) => number): number {
    const bi = this.blockFor(probe);
    let n = 0;
    for (let b = 0; b < bi; b++) n += (this.blocks[b] as T[]).length;
    const block = this.blocks[bi];
    return block ? n + SortedList.lowerIn(block, probe) : n;
  }

  /** Visits elements in reverse order, starting at the last one. */
  scanReverse(visit: (x: T) => boolean): void {
    for (let bi = this.blocks.length - 1; bi >= 0; bi--) {
      const block = this.blocks[bi] as T[];
      for (let i = block.length - 1; i >= 0; i--) if (!visit(block[i] as T)) return;
    }
  }

  clear(): void {
    this.blocks = [];
    this.count = 0;
  }
}
