// A bounded map from string keys that forgets its least recently used entry when full: what the
// per-token tables on the authentication path need (VerificationCache, LastUseBuffer) and no more.
// get, set and delete are O(1): a Map finds the entry, and a doubly linked list keeps the order of
// use (a get moves the entry to the most recent end; the least recent end is evicted). lru-cache did
// this before, but its get() allocates an options object and checks TTLs, background fetches and
// diagnostics subscribers these tables never use: in a profile of a cached verification it was the
// largest cost after SHA-256 and the digest's hashing (below).
//
// Digest keys (`digestKeys`): a cached verification is looked up by the SHA-256 digest just computed
// from the request's token, a new string each time, and V8 hashes a new string in full the first time
// it is used as a Map key: about 130 ns for a 43-character digest, a third of what computing the
// digest costs (Node 24 on the 2-core bench machine). So in such a map, a key of a digest's length is found by a
// number made from its first six characters (uniformly random in a digest; 30 bits kept) and
// then compared in full; keys sharing that number are chained. Only digests of tokens this node accepted
// are ever stored, so nobody chooses the chains: at 100,000 entries about one lookup in 10,000 meets a
// second key. A key of any other length is the Map's key itself.
export const DIGEST_KEY_LENGTH = 43; // base64url of 32 bytes, unpadded

interface LruNode<V> {
  readonly key: string;
  value: V;
  /** Toward the least recently used end. */
  older: LruNode<V> | undefined;
  /** Toward the most recently used end. */
  newer: LruNode<V> | undefined;
  /** The next node whose key has the same slot (digest keys only). */
  sameSlot: LruNode<V> | undefined;
}

export interface LruMapOptions<V> {
  /** Keys are mostly base64url SHA-256 digests, new strings on every lookup (see above). */
  digestKeys?: boolean;
  /** Called with each entry evicted because the map was full (not for delete, replacement or clear). */
  onEvict?: (value: V, key: string) => void;
}

export class LruMap<V> {
  private readonly slots = new Map<string | number, LruNode<V>>();
  private oldest: LruNode<V> | undefined;
  private newest: LruNode<V> | undefined;
  private count = 0;
  private readonly digestKeys: boolean;
  private readonly onEvict: ((value: V, key: string) => void) | undefined;

  constructor(
    /** Entries held at most (at least 1). */
    readonly max: number,
    options: LruMapOptions<V> = {},
  ) {
    if (!(max >= 1)) throw new Error(`an LruMap holds at least 1 entry, not ${max}`);
    this.digestKeys = options.digestKeys === true;
    this.onEvict = options.onEvict;
  }

  get size(): number {
    return this.count;
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const node = this.find(key);
    if (node === undefined) return undefined;
    if (node !== this.newest) {
      this.unlink(node);
      this.append(node);
    }
    return node.value;
  }

  /** The value without making it recently used. */
  peek(key: string): V | undefined {
    return this.find(key)?.value;
  }

  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  /** Sets the value, now the most recently used; when full, the least recently used entry goes first. */
  set(key: string, value: V): void {
    const found = this.find(key);
    if (found !== undefined) {
      found.value = value;
      if (found !== this.newest) {
        this.unlink(found);
        this.append(found);
      }
      return;
    }
    if (this.count >= this.max) {
      const evicted = this.oldest!;
      this.remove(evicted);
      this.onEvict?.(evicted.value, evicted.key);
    }
    const slot = this.slotOf(key);
    const node: LruNode<V> = { key, value, older: undefined, newer: undefined, sameSlot: this.slots.get(slot) };
    this.slots.set(slot, node);
    this.append(node);
    this.count++;
  }

  /** Removes the entry; returns its value (undefined when absent). */
  delete(key: string): V | undefined {
    const node = this.find(key);
    if (node === undefined) return undefined;
    this.remove(node);
    return node.value;
  }

  clear(): void {
    this.slots.clear();
    this.oldest = this.newest = undefined;
    this.count = 0;
  }

  /** The values, most recently used first. */
  *values(): IterableIterator<V> {
    for (let node = this.newest; node !== undefined; node = node.older) yield node.value;
  }

  private slotOf(key: string): string | number {
    if (!this.digestKeys || key.length !== DIGEST_KEY_LENGTH) return key;
    // FNV-1a over six characters (36 random bits in a digest), kept to 30 bits: a small integer
    let h = Math.imul(0x811c9dc5 ^ key.charCodeAt(0), 0x01000193);
    h = Math.imul(h ^ key.charCodeAt(1), 0x01000193);
    h = Math.imul(h ^ key.charCodeAt(2), 0x01000193);
    h = Math.imul(h ^ key.charCodeAt(3), 0x01000193);
    h = Math.imul(h ^ key.charCodeAt(4), 0x01000193);
    h = Math.imul(h ^ key.charCodeAt(5), 0x01000193);
    return h & 0x3fffffff;
  }

  private find(key: string): LruNode<V> | undefined {
    let node = this.slots.get(this.slotOf(key));
    while (node !== undefined && node.key !== key) node = node.sameSlot;
    return node;
  }

  private remove(node: LruNode<V>): void {
    this.unlink(node);
    const slot = this.slotOf(node.key);
    const first = this.slots.get(slot)!;
    if (first === node) {
      if (node.sameSlot === undefined) this.slots.delete(slot);
      else this.slots.set(slot, node.sameSlot);
    } else {
      let before = first;
      while (before.sameSlot !== node) before = before.sameSlot!;
      before.sameSlot = node.sameSlot;
    }
    this.count--;
  }

  private unlink(node: LruNode<V>): void {
    if (node.older === undefined) this.oldest = node.newer;
    else node.older.newer = node.newer;
    if (node.newer === undefined) this.newest = node.older;
    else node.newer.older = node.older;
    node.older = node.newer = undefined;
  }

  private append(node: LruNode<V>): void {
    node.older = this.newest;
    if (this.newest === undefined) this.oldest = node;
    else this.newest.newer = node;
    this.newest = node;
  }
}
