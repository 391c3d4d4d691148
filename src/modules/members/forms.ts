/** One Zod schema per members form and filter; messages are catalogue keys. */
import { z } from 'zod';
import { ORG_TYPES } from '../identity/queries.ts';
import { COMPATIBILITY, DEPLOYMENTS } from './schema.ts';

const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
const optionalUrl = z
  .string()
  .trim()
  .max(500, 'validation.tooLong')
  .regex(/^(https?:\/\/[^\s]+)?$/i, 'validation.url');
const repoUrl = (host: string) =>
  optionalUrl.refine((v) => !v || hostOf(v) === host, 'members.product.repoHost');

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}
/** Checkbox groups arrive as one string or several. */
const multi = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(values)),
  );

export const LICENSE =
  /^(commercial|[A-Za-z0-9][A-Za-z0-9.+-]*(?: (?:AND|OR|WITH) [A-Za-z0-9][A-Za-z0-9.+-]*)*)$/;

export const productForm = z.object({
  name: text(80).min(1, 'validation.required'),
  subcategorySlug: z.string().min(1, 'validation.required'),
  descriptionZh: text(2000),
  descriptionEn: text(2000),
  license: text(80).min(1, 'validation.required').regex(LICENSE, 'members.product.licenseInvalid'),
  compatibility: multi(COMPATIBILITY),
  deployment: multi(DEPLOYMENTS),
  homepageUrl: optionalUrl,
  githubUrl: repoUrl('github.com'),
  giteeUrl: repoUrl('gitee.com'),
  gitcodeUrl: repoUrl('gitcode.com'),
  docsUrl: optionalUrl,
});
export type ProductInput = z.output<typeof productForm>;

const one = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined);
const word = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => v || undefined)
  .catch(undefined);

/** Wall filters from the query string; anything unknown is ignored rather than an error. */
export const wallFilters = z.object({
  type: one(ORG_TYPES),
  tier: word,
  category: word,
  license: word,
  compat: one(COMPATIBILITY),
  deploy: one(DEPLOYMENTS),
  city: word,
  q: word,
});
export type WallFilters = Partial<z.output<typeof wallFilters>>;

/** The filters present, in a fixed order, as a query string (for links, exports and the embed snippet). */
export function filterQuery(f: WallFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of ['type', 'tier', 'category', 'license', 'compat', 'deploy', 'city', 'q'] as const) {
    const v = f[key];
    if (v) params.set(key, v);
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export const applyForm = z.object({
  orgSlug: z.string().min(1, 'validation.required'),
  tierSlug: z.string().min(1, 'validation.required'),
  message: text(2000),
  /** The organisation's description for the wall; both empty keeps the one it has (ADR 0020). */
  descriptionZh: text(2000)
    .optional()
    .transform((v) => v ?? ''),
  descriptionEn: text(2000)
    .optional()
    .transform((v) => v ?? ''),
});

export const approveForm = z.object({
  tierSlug: z.string().min(1, 'validation.required'),
  reason: text(1000),
});
export const rejectForm = z.object({ reason: text(1000).min(1, 'members.apply.reasonRequired') });
