/** What a salon poster shows, and its two sizes: shared by the layout (in the worker) and its callers. */

export const POSTER_FORMATS = {
  story: { width: 1080, height: 1920 },
  square: { width: 1080, height: 1080 },
} as const;
export type PosterFormat = keyof typeof POSTER_FORMATS;

/** A host or co-host: its name and, when known, its logo (PNG or sanitised SVG bytes). */
export type PosterHost = {
  name: string;
  logo?: { mime: 'image/png' | 'image/svg+xml'; bytes: Uint8Array };
};

export type PosterData = {
  series: string;
  /** "第 3 期" */
  number: string;
  title: string;
  city: string;
  when: string;
  venue: string;
  highlights: string[];
  /** Host first, then co-hosts. */
  hosts: PosterHost[];
  /** The labels printed on the poster, in the reader's language. */
  labels: { hosts: string; scan: string };
  registerUrl: string;
};
