/**
 * State changes of the members module: the landscape taxonomy, products and organisation logos.
 * Each function writes in one transaction with its audit entry. Permission checks happen in routes.
 * Each write also invalidates the `members` cache tag in its transaction (`wallChanged`).
 */
import { createHash } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { invalidateTags } from '../../platform/cache.ts';
import { AppError } from '../../platform/errors.ts';
import { auditLog } from '../../platform/schema.ts';
import type { ProductInput } from './forms.ts';
import { MEMBERS_TAG } from './queries.ts';
import { categories, organizationLogos, type ProductExtra, products, subcategories } from './schema.ts';
import { buildSearchText } from './search.ts';
import { sanitizeSvg, UnsafeSvgError } from './svg.ts';
import { TAXONOMY, type TaxonomySeed } from './taxonomy.ts';

type Info = { ip: string | null; actorId: string | null };

/** The wall, the product pages and the landscape's charts are cached under `members`: every write they show calls this. */
const wallChanged = (tx: Db) => invalidateTags(tx, MEMBERS_TAG);

/** What is stored and served per logo: a PNG as uploaded, an SVG once rebuilt (ADR 0031). */
export const MAX_LOGO_BYTES = 512 * 1024;
/**
 * What is read before rebuilding: editor data (Illustrator's `<i:pgf>`, Inkscape metadata) can
 * make an SVG several times larger than what is kept, and is what pushes real logos over 512 KB.
 */
export const MAX_LOGO_INPUT_BYTES = 4 * 1024 * 1024;

/** Adds the categories and subcategories that are missing (existing ones are left as edited). Audit `landscape.taxonomy_seeded` when any was added. */
export async function seedTaxonomy(db: Db, info: Info, taxonomy: TaxonomySeed = TAXONOMY): Promise<number> {
  return transaction(db, async (tx) => {
    let added = 0;
    for (const [i, cat] of taxonomy.entries()) {
      const rows = await tx
        .insert(categories)
        .values({ slug: cat.slug, nameZh: cat.nameZh, nameEn: cat.nameEn, rank: i + 1 })
        .onConflictDoNothing()
        .returning({ slug: categories.slug });
      added += rows.length;
      for (const [j, sub] of cat.subcategories.entries()) {
        const subRows = await tx
          .insert(subcategories)
          .values({ ...sub, categorySlug: cat.slug, rank: j + 1 })
          .onConflictDoNothing()
          .returning({ slug: subcategories.slug });
        added += subRows.length;
      }
    }
    if (added)
      await audit(tx, {
        actorId: info.actorId,
        action: 'landscape.taxonomy_seeded',
        data: { added },
        ip: info.ip,
      });
    return added;
  });
}

/** A URL-safe slug from a product name: Latin letters kept, Chinese written in pinyin. */
export function slugFromName(name: string): string {
  const latin = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return latin || 'product';
}

async function freeSlug(tx: Db, base: string, exceptId?: string): Promise<string> {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const [taken] = await tx
      .select({ id: products.id })
      .from(products)
      .where(
        exceptId
          ? and(eq(products.slug, candidate), ne(products.id, exceptId))
          : eq(products.slug, candidate),
      );
    if (!taken) return candidate;
  }
}

export function productSearchText(
  p: Pick<ProductInput, 'name' | 'descriptionZh' | 'descriptionEn' | 'license'>,
) {
  return buildSearchText([p.name], [p.descriptionZh, p.descriptionEn, p.license]);
}

async function requireSubcategory(tx: Db, slug: string) {
  const [sub] = await tx.select().from(subcategories).where(eq(subcategories.slug, slug));
  if (!sub)
    throw new AppError('INVALID_INPUT', {
      messageKey: 'members.product.subcategoryUnknown',
      fields: { subcategorySlug: 'members.product.subcategoryUnknown' },
    });
}

/** Adds a product to an organisation. Writes products, audit `product.created`. Returns the new row. */
export async function createProduct(
  db: Db,
  orgId: string,
  input: ProductInput & { slug?: string; extra?: ProductExtra },
  info: Info,
) {
  return transaction(db, async (tx) => {
    await requireSubcategory(tx, input.subcategorySlug);
    const slug = await freeSlug(tx, input.slug ?? slugFromName(input.name));
    const [row] = await tx
      .insert(products)
      .values({ ...input, slug, orgId, extra: input.extra ?? {}, searchText: productSearchText(input) })
      .returning();
    await wallChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'product.created',
      targetType: 'product',
      targetId: row.id,
      data: { orgId, slug, name: row.name },
      ip: info.ip,
    });
    return row;
  });
}

/** Edits a product of `orgId` (NOT_FOUND when it belongs to another). Writes products, audit `product.updated` with the changed fields. */
export async function updateProduct(
  db: Db,
  orgId: string,
  productId: string,
  input: ProductInput,
  info: Info,
) {
  return transaction(db, async (tx) => {
    await requireSubcategory(tx, input.subcategorySlug);
    const [before] = await tx
      .select()
      .from(products)
      .where(and(eq(products.id, productId), eq(products.orgId, orgId)))
      .for('update');
    if (!before) throw new AppError('NOT_FOUND', { messageKey: 'members.product.notFound' });
    const changed = (Object.keys(input) as Array<keyof ProductInput>).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]),
    );
    const [row] = await tx
      .update(products)
      .set({ ...input, searchText: productSearchText(input), updatedAt: new Date() })
      .where(eq(products.id, productId))
      .returning();
    await wallChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'product.updated',
      targetType: 'product',
      targetId: productId,
      data: { orgId, changed },
      ip: info.ip,
    });
    return row;
  });
}

/** Removes a product of `orgId`. Writes products, audit `product.deleted`. */
export async function deleteProduct(db: Db, orgId: string, productId: string, info: Info) {
  await transaction(db, async (tx) => {
    const [row] = await tx
      .delete(products)
      .where(and(eq(products.id, productId), eq(products.orgId, orgId)))
      .returning({ slug: products.slug, name: products.name });
    if (!row) throw new AppError('NOT_FOUND', { messageKey: 'members.product.notFound' });
    await wallChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'product.deleted',
      targetType: 'product',
      targetId: productId,
      data: { orgId, slug: row.slug, name: row.name },
      ip: info.ip,
    });
  });
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * PNG by its magic bytes, SVG (rebuilt by svg.ts) by its root element; anything else is refused.
 * An unsafe SVG is refused with its reason and line (`members.svg.<reason>`, naming `file`).
 */
export function prepareLogo(
  bytes: Uint8Array,
  file = 'SVG',
): { mime: 'image/png' | 'image/svg+xml'; bytes: Uint8Array } {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', { vars: { kb: MAX_LOGO_BYTES / 1024 } });
  if (bytes.byteLength > MAX_LOGO_INPUT_BYTES) throw tooLarge();
  if (PNG.every((b, i) => bytes[i] === b)) {
    if (bytes.byteLength > MAX_LOGO_BYTES) throw tooLarge();
    return { mime: 'image/png', bytes };
  }
  // Only an SVG may be read past the stored cap; anything else that large is simply too large.
  const notSvg = () =>
    bytes.byteLength > MAX_LOGO_BYTES
      ? tooLarge()
      : new AppError('UNSUPPORTED_MEDIA_TYPE', { messageKey: 'members.logo.unsupported' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notSvg();
  }
  if (!/<svg[\s>]/i.test(text)) throw notSvg();
  let svg: Uint8Array;
  try {
    svg = new TextEncoder().encode(sanitizeSvg(text.replace(/^\uFEFF/, '')));
  } catch (err) {
    if (err instanceof UnsafeSvgError)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
        messageKey: `members.svg.${err.reason}`,
        vars: { file, line: err.line, detail: err.detail },
      });
    throw err;
  }
  if (svg.byteLength > MAX_LOGO_BYTES) throw tooLarge();
  return { mime: 'image/svg+xml', bytes: svg };
}

/** Sets an organisation's logo (PNG, or SVG after sanitising). Writes organization_logos, audit `organization.logo_updated`. Returns the content hash. */
export async function setOrganizationLogo(
  db: Db,
  orgId: string,
  upload: Uint8Array,
  info: Info,
  fileName?: string,
): Promise<string> {
  const logo = prepareLogo(upload, fileName?.slice(0, 100) || undefined);
  return transaction(db, (tx) => writeOrganizationLogo(tx, orgId, logo, info));
}

/** Stores a prepared logo inside the caller's transaction (the upload above, the landscape import). Returns the content hash. */
export async function writeOrganizationLogo(
  tx: Db,
  orgId: string,
  logo: ReturnType<typeof prepareLogo>,
  info: Info,
): Promise<string> {
  const sha256 = createHash('sha256').update(logo.bytes).digest('hex');
  await tx
    .insert(organizationLogos)
    .values({ orgId, sha256, mime: logo.mime, bytes: logo.bytes })
    .onConflictDoUpdate({
      target: organizationLogos.orgId,
      set: { sha256, mime: logo.mime, bytes: logo.bytes, updatedAt: new Date() },
    });
  await wallChanged(tx);
  await audit(tx, {
    actorId: info.actorId,
    action: 'organization.logo_updated',
    targetType: 'organization',
    targetId: orgId,
    data: { sha256, mime: logo.mime, size: logo.bytes.byteLength },
    ip: info.ip,
  });
  return sha256;
}

/**
 * Sets many organisations' logos at once (a landscape import; ADR 0039): the same rows and audit
 * entries as writeOrganizationLogo, a hundred per statement. Writes organization_logos, audit
 * `organization.logo_updated` per organisation, one wall cache bump.
 */
export async function writeOrganizationLogos(
  tx: Db,
  logos: Array<{ orgId: string; logo: ReturnType<typeof prepareLogo> & { sha256: string } }>,
  info: Info,
): Promise<void> {
  if (!logos.length) return;
  for (let i = 0; i < logos.length; i += 100) {
    const chunk = logos.slice(i, i + 100);
    await tx
      .insert(organizationLogos)
      .values(
        chunk.map(({ orgId, logo }) => ({ orgId, sha256: logo.sha256, mime: logo.mime, bytes: logo.bytes })),
      )
      .onConflictDoUpdate({
        target: organizationLogos.orgId,
        set: {
          sha256: sql`excluded.sha256`,
          mime: sql`excluded.mime`,
          bytes: sql`excluded.bytes`,
          updatedAt: new Date(),
        },
      });
    await tx.insert(auditLog).values(
      chunk.map(({ orgId, logo }) => ({
        actorId: info.actorId,
        action: 'organization.logo_updated',
        targetType: 'organization',
        targetId: orgId,
        data: { sha256: logo.sha256, mime: logo.mime, size: logo.bytes.byteLength },
        ip: info.ip,
      })),
    );
  }
  await wallChanged(tx);
}

/** Removes an organisation's logo (the monogram shows again). Writes organization_logos, audit `organization.logo_removed`. */
export async function removeOrganizationLogo(db: Db, orgId: string, info: Info): Promise<void> {
  await transaction(db, async (tx) => {
    const rows = await tx.delete(organizationLogos).where(eq(organizationLogos.orgId, orgId)).returning();
    if (!rows.length) throw new AppError('NOT_FOUND');
    await wallChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'organization.logo_removed',
      targetType: 'organization',
      targetId: orgId,
      ip: info.ip,
    });
  });
}
