/**
 * In-process cache for hot public pages. PGlite answers one query at a time, so the home page and
 * other public pages are rendered once and reused until a write bumps one of their tags. Tags'
 * versions live in `cache_versions`, and each process re-reads them at most once a second, so a
 * write in another process (several app processes on one PostgreSQL) is seen within a second.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';

/** Tag → version, replaced (never mutated) on every change, so a request can hold a snapshot. */
export type Versions = Readonly<Record<string, number>>;
type Entry = { value: unknown; versions: Versions };

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
  ) {}

  private async refresh(): Promise<void> {
    if (Date.now() - this.checkedAt < this.maxAgeMs) return;
    this.refreshing ??= (async () => {
      const rows = await queryRows<{ tag: string; version: number }>(
        this.db,
        sql`select tag, version from cache_versions`,
      );
      this.versions = Object.fromEntries(rows.map((r) => [r.tag, Number(r.version)]));
      this.checkedAt = Date.now();
    })().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  private fresh(entry: Entry | undefined): entry is Entry {
    return !!entry && Object.entries(entry.versions).every(([t, v]) => v === (this.versions[t] ?? 0));
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

  /** Stores a value made from data as of `snapshot`: a write after that makes it stale at once. */
  put(key: string, tags: string[], value: unknown, snapshot: Versions): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, versions: Object.fromEntries(tags.map((t) => [t, snapshot[t] ?? 0])) });
  }

  async get<T>(key: string, tags: string[], load: () => Promise<T>): Promise<T> {
    const hit = await this.peek<T>(key);
    if (hit !== undefined) return hit;
    const snapshot = this.versions;
    const value = await load();
    this.put(key, tags, value, snapshot);
    return value;
  }

  /** Marks tags stale here at once and, through the database, in every other process. */
  async invalidate(db: Db, ...tags: string[]): Promise<void> {
    for (const tag of tags) {
      const [row] = await queryRows<{ version: number }>(
        db,
        sql`
        insert into cache_versions (tag, version, updated_at) values (${tag}, 1, now())
        on conflict (tag) do update set version = cache_versions.version + 1, updated_at = now()
        returning version`,
      );
      this.versions = { ...this.versions, [tag]: Number(row.version) };
    }
  }
}
