/**
 * In-process cache for hot public pages. PGlite answers one query at a time, so the home page and
 * other public pages are rendered once and reused until a write bumps one of their tags. Tags'
 * versions live in `cache_versions`, and each process re-reads them at most once a second, so a
 * write in another process (several app processes on one PostgreSQL) is seen within a second.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';

type Entry = { value: unknown; versions: Record<string, number> };

export class PageCache {
  private entries = new Map<string, Entry>();
  private versions = new Map<string, number>();
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private db: Db,
    private maxAgeMs = 1000,
  ) {}

  private async refresh(): Promise<void> {
    if (Date.now() - this.checkedAt < this.maxAgeMs) return;
    this.refreshing ??= (async () => {
      const rows = await queryRows<{ tag: string; version: number }>(
        this.db,
        sql`select tag, version from cache_versions`,
      );
      for (const r of rows) this.versions.set(r.tag, Number(r.version));
      this.checkedAt = Date.now();
    })().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  async get<T>(key: string, tags: string[], load: () => Promise<T>): Promise<T> {
    await this.refresh();
    const hit = this.entries.get(key);
    if (hit && tags.every((t) => hit.versions[t] === (this.versions.get(t) ?? 0))) return hit.value as T;
    const versions = Object.fromEntries(tags.map((t) => [t, this.versions.get(t) ?? 0]));
    const value = await load();
    this.entries.set(key, { value, versions });
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
      this.versions.set(tag, Number(row.version));
    }
  }
}
