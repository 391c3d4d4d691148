/**
 * The design system's components (docs/ui.md, ADR 0041). Each takes text the page has already
 * translated and renders one shape with the classes in static/app.css; nothing here reads the
 * database or the session, so any module's view can use them and a page cached for anonymous
 * visitors stays the same for everyone. Keep the list short: a page that needs something new adds
 * it here, with its tokens, instead of styling its own copy.
 */
import type { Child } from 'hono/jsx';

/** A surface for one thing (a salon, a course, a member). `href` makes the whole card one link. */
export function Card(props: {
  children?: Child;
  href?: string;
  /** `highlight`: the one the reader should act on first (open for registration, in progress). */
  tone?: 'default' | 'highlight';
  class?: string;
  testid?: string;
}) {
  const cls = ['ui-card', props.tone === 'highlight' && 'ui-card-highlight', props.class]
    .filter(Boolean)
    .join(' ');
  return props.href ? (
    <a class={cls} href={props.href} data-testid={props.testid}>
      {props.children}
    </a>
  ) : (
    <div class={cls} data-testid={props.testid}>
      {props.children}
    </div>
  );
}

/** A short status word. Tones carry meaning: success = open/passed, warning = waiting, muted = over. */
export function Badge(props: {
  children?: Child;
  tone?: 'info' | 'success' | 'warning' | 'danger' | 'muted';
  data?: Record<string, string>;
}) {
  const data = Object.fromEntries(Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <span class={`ui-badge ui-badge-${props.tone ?? 'info'}`} {...data}>
      {props.children}
    </span>
  );
}

/** The top of a page: an optional kicker line (series, breadcrumb), the title, a lead and actions. */
export function PageHeader(props: { title: Child; kicker?: Child; lead?: Child; actions?: Child }) {
  return (
    <header class="ui-page-header">
      {props.kicker && <p class="ui-kicker">{props.kicker}</p>}
      <h1>{props.title}</h1>
      {props.lead && <p class="ui-lead">{props.lead}</p>}
      {props.actions && <div class="ui-actions">{props.actions}</div>}
    </header>
  );
}

/** A figure with its label, e.g. 12 家成员. Put several in a `StatRow`. */
export function Stat(props: { value: Child; label: Child }) {
  return (
    <div class="ui-stat">
      <strong>{props.value}</strong>
      <span>{props.label}</span>
    </div>
  );
}

export function StatRow(props: { children?: Child }) {
  return <div class="ui-stat-row">{props.children}</div>;
}

/**
 * What a list shows when it is empty: one sentence and the action that fills it (create the first
 * one, enrol, log in). A dead end without a next step is what the design system is here to avoid.
 */
export function EmptyState(props: { message: Child; action?: { href: string; label: Child } }) {
  return (
    <div class="ui-empty" data-testid="empty-state">
      <p>{props.message}</p>
      {props.action && (
        <a class="button button-primary" href={props.action.href}>
          {props.action.label}
        </a>
      )}
    </div>
  );
}

/**
 * An organisation's logo in a fixed square box whatever the image's aspect ratio (a wide SVG is
 * scaled to the box's width, a tall one to its height), so a row of logos reads as one size.
 */
export function LogoTile(props: { src: string; name: string; size?: 'sm' | 'md' | 'lg'; href?: string }) {
  const img = <img src={props.src} alt={props.name} loading="lazy" />;
  const cls = `ui-logo ui-logo-${props.size ?? 'md'}`;
  return props.href ? (
    <a class={cls} href={props.href}>
      {img}
    </a>
  ) : (
    <span class={cls}>{img}</span>
  );
}

/**
 * A table that scrolls sideways inside itself on a phone instead of widening the page. The region
 * is focusable and labelled, so a keyboard can scroll it (axe `scrollable-region-focusable`).
 */
export function DataTable<Row>(props: {
  caption: string;
  columns: Array<{ label: Child; cell: (row: Row) => Child; numeric?: boolean }>;
  rows: Row[];
  empty?: Child;
}) {
  if (props.rows.length === 0 && props.empty) return <>{props.empty}</>;
  return (
    <section class="ui-table" aria-label={props.caption} tabindex={0}>
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((col) => (
              <th scope="col" class={col.numeric ? 'num' : undefined}>
                {col.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {props.columns.map((col) => (
                <td class={col.numeric ? 'num' : undefined}>{col.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * A calendar-leaf date: month above, day large, weekday below, in 北京时间 (events' lists, tickets).
 * `parts` comes from `platform/time.ts` so the day never shifts with the server's zone.
 */
export function DateBlock(props: { month: string; day: string; weekday: string; label: string }) {
  return (
    <span class="ui-date" role="img" aria-label={props.label}>
      <span class="ui-date-month">{props.month}</span>
      <span class="ui-date-day">{props.day}</span>
      <span class="ui-date-weekday">{props.weekday}</span>
    </span>
  );
}
