/**
 * In-process cache for hot public pages. PGlite answers one query at a time, so the home page and
 * other public pages are rendered once and reused until a write bumps one of their tags. Tags'
 * versions live in `cache_versions`, and each process re-reads them at most once a second, so a
 * write in another process (several app processes on one PostgreSQL) is seen within a second.
 */
import { sql } from 'drizzle-orm';
import { afterCommit, type Db, queryRows, rootDatabase } from '../db/client.ts';

/** Tag → version, replaced (never mutated) on every change, so a request can hold a snapshot. */
export type Versions = Readonly<Record<string, number>>;
/** `expiresAt` (ms since the epoch): the value is stale from then on, whatever its tags say. */
type Entry = { value: unknown; versions: Versions; expiresAt: number };

/** Every page cache over a database in this process, so a service can tell them of its commit. */
const cachesByDb = new WeakMap<object, Set<WeakRef<PageCache>>>();

/**
 * Bumps tags' versions in the caller's transaction, so that other processes see the change with
 * the data that caused it (and never one without the other). Once the transaction has committed,
 * pass the result to `publishCacheVersions` so this process sees it at once.
 */
export async function bumpCacheVersions(tx: Db, tags: string[]): Promise<Versions> {
  const out: Record<string, number> = {};
  for (const tag of tags) {
    const [row] = await queryRows<{ version: number }>(
      tx,
      sql`
      insert into cache_versions (tag, version, updated_at) values (${tag}, 1, now())
      on conflict (tag) do update set version = cache_versions.version + 1, updated_at = now()
      returning version`,
    );
    out[tag] = Number(row.version);
  }
  return out;
}

/**
 * What a service calls after changing data that pages are cached under: bumps the tags' versions in
 * the caller's transaction (so every process sees the change with the data, never one without the
 * other) and, once it commits, tells this process's page caches at once. A rolled-back transaction
 * publishes nothing. Tags are bumped in sorted order, so two writers never wait on each other's rows
 * crosswise; call it once per transaction, near its end, since the rows stay locked until commit.
 */
export async function invalidateTags(tx: Db, ...tags: string[]): Promise<void> {
  const versions = await bumpCacheVersions(tx, [...new Set(tags)].sort());
  const db = rootDatabase(tx);
  await afterCommit(tx, () => publishCacheVersions(db, versions));
}

/** After the commit that bumped them: every page cache over `db` in this process drops what they cover. */
export function publishCacheVersions(db: Db, versions: Versions): void {
  for (const ref of cachesByDb.get(db) ?? []) ref.deref()?.noteVersions(versions);
}

export class PageCache {
  private entries = new Map<string, Entry>();
  private versions: Versions = {};
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private db: Db,
    private maxAgeMs = 1000,
    /** Oldest entries go first past this, so odd URLs cannot grow the cache without bound. */
    private maxEntries = 2000,
  ) {
    let caches = cachesByDb.get(db);
    if (!caches) {
      caches = new Set();
      cachesByDb.set(db, caches);
    }
    for (const ref of caches) if (!ref.deref()) caches.delete(ref);
    caches.add(new WeakRef(this));
  }

  private async refresh(): Promise<void> {
    if (Date.now() - this.checkedAt < this.maxAgeMs) return;
    this.refreshing ??= (async () => {
      const rows = await queryRows<{ tag: string; version: number }>(
        this.db,
        sql`select tag, version from cache_versions`,
      );
      // Versions only grow: a bump noted here while this read was on its way must not be undone by it.
      const read: Record<string, number> = Object.fromEntries(rows.map((r) => [r.tag, Number(r.version)]));
      for (const tag in this.versions)
        if (this.versions[tag] > (read[tag] ?? 0)) read[tag] = this.versions[tag];
      this.versions = read;
      this.checkedAt = Date.now();
    })().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  /** On every cache hit: a plain loop, no arrays made. */
  private fresh(entry: Entry | undefined): entry is Entry {
    if (!entry || Date.now() >= entry.expiresAt) return false;
    const current = this.versions;
    for (const tag in entry.versions) if (entry.versions[tag] !== (current[tag] ?? 0)) return false;
    return true;
  }

  /** Versions committed by a write in this process (see `publishCacheVersions`): seen at once. */
  noteVersions(versions: Versions): void {
    const next: Record<string, number> = { ...this.versions };
    for (const tag in versions) if (versions[tag] > (next[tag] ?? 0)) next[tag] = versions[tag];
    this.versions = next;
  }

  /**
   * Starts the once-a-second re-read when it is due and none is on its way, without waiting for it
   * (ADR 0028): the anonymous page cache serves by the versions it holds meanwhile. Awaiting it
   * made every request of that moment queue behind one database read — on PGlite behind whatever
   * statement the single connection was running (a job writing a poster PNG: hundreds of ms).
   */
  refreshSoon(): void {
    if (this.due() && !this.refreshing) this.refresh().catch(() => {});
  }

  /** True when the versions should be re-read from the database before trusting an entry. */
  due(): boolean {
    return Date.now() - this.checkedAt >= this.maxAgeMs;
  }

  /** The versions as last read or written here, without a database round trip. */
  versionsNow(): Versions {
    return this.versions;
  }

  /** The cached value by the versions held now (call `due()` first; `peek` re-reads when due). */
  peekNow<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    return this.fresh(entry) ? (entry.value as T) : undefined;
  }

  /** The cached value when none of its tags changed since it was stored. */
  async peek<T>(key: string): Promise<T | undefined> {
    await this.refresh();
    const entry = this.entries.get(key);
    return this.fresh(entry) ? (entry.value as T) : undefined;
  }

  /**
   * Stores a value made from data as of `snapshot`: a write after that makes it stale at once.
   * `expiresAt` (ms since the epoch) bounds it in time too, for values that change with the clock.
   */
  put(
    key: string,
    tags: string[],
    value: unknown,
    snapshot: Versions,
    expiresAt = Number.POSITIVE_INFINITY,
  ): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, {
      value,
      versions: Object.fromEntries(tags.map((t) => [t, snapshot[t] ?? 0])),
      expiresAt,
    });
  }

  async get<T>(key: string, tags: string[], load: () => Promise<T>): Promise<T> {
    const hit = await this.peek<T>(key);
    if (hit !== undefined) return hit;
    const snapshot = this.versions;
    const value = await load();
    this.put(key, tags, value, snapshot);
    return value;
  }

  /**
   * Marks tags stale here at once and, through the database, in every other process. Services call
   * `invalidateTags` instead, in the transaction of their change; this is for tests and tools.
   */
  async invalidate(db: Db, ...tags: string[]): Promise<void> {
    this.noteVersions(await bumpCacheVersions(db, tags));
  }
}
