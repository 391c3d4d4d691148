/**
 * The press kit's announcement, as plain text and as WeChat-article-friendly HTML: inline styles
 * only (the WeChat editor drops <style> blocks and classes), no scripts, every value escaped, so it
 * pastes cleanly into the editor.
 */
export type Announcement = {
  heading: string;
  title: string;
  when: string;
  where: string;
  host: string;
  description: string;
  agenda: Array<{ title: string; kind: string; speaker?: string; minutes: number }>;
  registerUrl: string;
  labels: { when: string; where: string; host: string; agenda: string; register: string; minutes: string };
};

export function escapeHtml(v: string): string {
  return v
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const P = 'margin:0 0 12px;font-size:15px;line-height:1.75;color:#333;';
const H = 'margin:0 0 8px;font-size:20px;font-weight:bold;color:#1d4ed8;';
const LABEL = 'font-weight:bold;color:#111;';

export function announcementHtml(a: Announcement): string {
  const e = escapeHtml;
  const items = a.agenda
    .map(
      (i) =>
        `<li style="margin:0 0 8px;font-size:15px;line-height:1.6;color:#333;"><span style="${LABEL}">${e(i.title)}</span>` +
        `<br/><span style="color:#666;font-size:13px;">${e(i.kind)} · ${e(a.labels.minutes.replace('{n}', String(i.minutes)))}${i.speaker ? ` · ${e(i.speaker)}` : ''}</span></li>`,
    )
    .join('');
  return [
    '<section style="padding:8px 4px;">',
    `<p style="margin:0 0 4px;font-size:14px;color:#666;">${e(a.heading)}</p>`,
    `<h2 style="${H}">${e(a.title)}</h2>`,
    `<p style="${P}"><span style="${LABEL}">${e(a.labels.when)}</span>${e(a.when)}</p>`,
    `<p style="${P}"><span style="${LABEL}">${e(a.labels.where)}</span>${e(a.where)}</p>`,
    `<p style="${P}"><span style="${LABEL}">${e(a.labels.host)}</span>${e(a.host)}</p>`,
    ...(a.description ? [`<p style="${P}">${e(a.description).replace(/\r?\n/g, '<br/>')}</p>`] : []),
    ...(a.agenda.length
      ? [
          `<h3 style="margin:16px 0 8px;font-size:17px;color:#111;">${e(a.labels.agenda)}</h3>`,
          `<ol style="margin:0 0 12px;padding-left:20px;">${items}</ol>`,
        ]
      : []),
    `<p style="${P}"><span style="${LABEL}">${e(a.labels.register)}</span><a href="${e(a.registerUrl)}" style="color:#1d4ed8;">${e(a.registerUrl)}</a></p>`,
    '</section>',
  ].join('');
}

export function announcementText(a: Announcement): string {
  const lines = [
    a.heading,
    a.title,
    '',
    `${a.labels.when}${a.when}`,
    `${a.labels.where}${a.where}`,
    `${a.labels.host}${a.host}`,
    ...(a.description ? ['', a.description] : []),
    ...(a.agenda.length
      ? [
          '',
          a.labels.agenda,
          ...a.agenda.map((i, n) => `${n + 1}. ${i.title}（${i.kind}${i.speaker ? ` · ${i.speaker}` : ''}）`),
        ]
      : []),
    '',
    `${a.labels.register}${a.registerUrl}`,
  ];
  return lines.join('\n');
}
