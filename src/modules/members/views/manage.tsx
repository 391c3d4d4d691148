/** Pages for an organisation's admins: its products (list, add, edit, delete) and its logo; and the platform admins' landscape import. */
import type { Locale, MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import type { OrgProfile } from '../../identity/queries.ts';
import { localName } from '../../identity/views/organization.tsx';
import type { ImportResult } from '../landscape-import.ts';
import type { Category, Product } from '../queries.ts';
import { COMPATIBILITY, DEPLOYMENTS } from '../schema.ts';

export type ManageNotice = MessageKey | undefined;

function CheckboxGroup(props: {
  name: string;
  label: MessageKey;
  options: Array<{ value: string; label: string }>;
  checked: string[];
}) {
  const { t } = useView();
  return (
    <fieldset class="field">
      <legend>{t(props.label)}</legend>
      {props.options.map((o) => (
        <label class="inline-check">
          <input
            type="checkbox"
            name={props.name}
            value={o.value}
            checked={props.checked.includes(o.value)}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function subcategoryOptions(categories: Category[], locale: Locale) {
  return categories.flatMap((c) =>
    c.subcategories.map((s) => ({
      value: s.slug,
      label: `${localName(c, locale)} / ${localName(s, locale)}`,
    })),
  );
}

export function ProductForm(props: {
  action: string;
  categories: Category[];
  product?: Product;
  state?: FormState;
  /** Checkbox values as submitted, when re-rendering after an error. */
  checked?: { compatibility: string[]; deployment: string[] };
  submit: MessageKey;
}) {
  const { t, locale } = useView();
  const { product: p, state } = props;
  const checked = props.checked ?? { compatibility: p?.compatibility ?? [], deployment: p?.deployment ?? [] };
  return (
    <Form action={props.action} state={state} id="product">
      <Field name="name" label="members.field.name" required state={state} value={p?.name} maxlength={80} />
      <Select
        name="subcategorySlug"
        label="members.field.subcategory"
        required
        state={state}
        value={p?.subcategorySlug}
        options={subcategoryOptions(props.categories, locale)}
      />
      <Field
        name="descriptionZh"
        label="members.field.descriptionZh"
        multiline
        state={state}
        value={p?.descriptionZh}
        maxlength={2000}
      />
      <Field
        name="descriptionEn"
        label="members.field.descriptionEn"
        multiline
        state={state}
        value={p?.descriptionEn}
        maxlength={2000}
      />
      <Field
        name="license"
        label="members.field.license"
        required
        hint="members.field.licenseHint"
        state={state}
        value={p?.license}
        maxlength={80}
      />
      <CheckboxGroup
        name="compatibility"
        label="members.field.compatibility"
        checked={checked.compatibility}
        options={COMPATIBILITY.map((v) => ({ value: v, label: t(`members.compat.${v}`) }))}
      />
      <CheckboxGroup
        name="deployment"
        label="members.field.deployment"
        checked={checked.deployment}
        options={DEPLOYMENTS.map((v) => ({ value: v, label: t(`members.deploy.${v}`) }))}
      />
      <Field
        name="homepageUrl"
        type="url"
        label="members.field.homepageUrl"
        state={state}
        value={p?.homepageUrl}
        maxlength={500}
      />
      <Field
        name="githubUrl"
        type="url"
        label="members.field.githubUrl"
        state={state}
        value={p?.githubUrl}
        maxlength={500}
      />
      <Field
        name="giteeUrl"
        type="url"
        label="members.field.giteeUrl"
        state={state}
        value={p?.giteeUrl}
        maxlength={500}
      />
      <Field
        name="gitcodeUrl"
        type="url"
        label="members.field.gitcodeUrl"
        state={state}
        value={p?.gitcodeUrl}
        maxlength={500}
      />
      <Field
        name="docsUrl"
        type="url"
        label="members.field.docsUrl"
        state={state}
        value={p?.docsUrl}
        maxlength={500}
      />
      <Submit label={props.submit} />
    </Form>
  );
}

export function ManageProductsPage(props: {
  org: OrgProfile;
  products: Product[];
  categories: Category[];
  logoUrl: string;
  hasLogo: boolean;
  notice?: ManageNotice;
  state?: FormState;
  logoState?: FormState;
  checked?: { compatibility: string[]; deployment: string[] };
}) {
  const { t, locale } = useView();
  const { org } = props;
  const base = `/orgs/${org.slug}/products`;
  return (
    <section class="stack">
      <h1>
        {t('members.manage.title')} · {localName(org, locale)}
      </h1>
      <p class="muted">{t('members.manage.lead')}</p>
      {props.notice && (
        <div class="alert alert-success" role="status">
          {t(props.notice)}
        </div>
      )}
      <h2>{t('members.logo.title')}</h2>
      <p>
        <img src={props.logoUrl} alt={t('members.logo.current')} width={96} height={96} />
      </p>
      <Form action={`/orgs/${org.slug}/logo`} multipart state={props.logoState} id="logo">
        <Field
          name="logo"
          type="file"
          label="members.logo.file"
          hint="members.logo.hint"
          accept=".svg,.png,image/svg+xml,image/png"
          required
          state={props.logoState}
        />
        <Submit label="members.logo.upload" />
      </Form>
      {props.hasLogo && <ActionButton action={`/orgs/${org.slug}/logo/remove`} label="members.logo.remove" />}
      <h2>{t('members.manage.products')}</h2>
      {props.products.length === 0 ? (
        <p class="muted">{t('members.manage.none')}</p>
      ) : (
        <ul class="stack" data-testid="product-list">
          {props.products.map((p) => (
            <li class="card" data-product={p.slug}>
              <a href={`/wall/products/${p.slug}`}>
                <strong>{p.name}</strong>
              </a>{' '}
              <a href={`${base}/${p.id}/edit`}>{t('members.manage.edit')}</a>{' '}
              <ActionButton
                action={`${base}/${p.id}/delete`}
                label="members.manage.delete"
                variant="danger"
              />
            </li>
          ))}
        </ul>
      )}
      <h2>{t('members.manage.add')}</h2>
      <ProductForm
        action={base}
        categories={props.categories}
        state={props.state}
        checked={props.checked}
        submit="members.manage.add"
      />
    </section>
  );
}

export function EditProductPage(props: {
  org: OrgProfile;
  product: Product;
  categories: Category[];
  state?: FormState;
  checked?: { compatibility: string[]; deployment: string[] };
}) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('members.manage.editTitle')}</h1>
      <ProductForm
        action={`/orgs/${props.org.slug}/products/${props.product.id}/edit`}
        categories={props.categories}
        product={props.product}
        state={props.state}
        checked={props.checked}
        submit="members.manage.save"
      />
    </section>
  );
}

type Line = { line: number; message: string };

export function ImportPage(props: {
  errors?: Line[];
  /** What would be left out (before writing) or was left out (after). */
  skips?: Line[];
  skipped?: Line[];
  done?: ImportResult;
}) {
  const { t } = useView();
  const list = (lines: Line[]) => (
    <ul>
      {lines.map((e) => (
        <li>{t('members.import.line', { line: e.line, message: e.message })}</li>
      ))}
    </ul>
  );
  return (
    <section class="stack">
      <h1>{t('members.import.title')}</h1>
      <p class="muted">{t('members.import.lead')}</p>
      {props.done && (
        <div class="alert alert-success" role="status">
          {t('members.import.done', {
            created: props.done.created,
            updated: props.done.updated,
            logos: props.done.logos,
            organizations: props.done.organizations,
          })}{' '}
          {t('members.import.created', {
            organizations: props.done.createdOrganizations,
            categories: props.done.createdCategories,
            subcategories: props.done.createdSubcategories,
          })}
          {props.done.updatedNames.length > 0 && (
            <p>
              {t('members.import.updatedNames')} {props.done.updatedNames.join('、')}
            </p>
          )}
          {props.skipped && props.skipped.length > 0 && (
            <>
              <p>{t('members.import.skippedDone', { count: props.skipped.length })}</p>
              {list(props.skipped)}
            </>
          )}
        </div>
      )}
      {props.errors && props.errors.length > 0 && (
        <div class="alert alert-error" role="alert" data-testid="import-errors">
          {t('members.import.failed')}
          {list(props.errors)}
        </div>
      )}
      {props.skips && props.skips.length > 0 && (
        <div class="alert alert-error" role="alert" data-testid="import-skips">
          {t('members.import.wouldSkip', { count: props.skips.length })}
          {list(props.skips)}
        </div>
      )}
      <Form action="/wall/import" multipart id="import">
        <Field
          name="file"
          type="file"
          label="members.import.file"
          hint="members.import.limit"
          accept=".yml,.yaml,.zip,.tar.gz,.tgz"
          required
        />
        <label class="inline-check">
          <input type="checkbox" name="acceptSkips" value="1" /> {t('members.import.acceptSkips')}
        </label>
        <Submit label="members.import.submit" />
      </Form>
    </section>
  );
}
