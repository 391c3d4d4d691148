/**
 * Mail: every message is written to the outbox and a `mail.send` job in the caller's transaction,
 * so a mail is never promised and then lost. The job delivers it over SMTP when SMTP_URL is set,
 * and otherwise marks it `stored` (readable by platform admins in the outbox).
 */
import { eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { type Db, queryRows } from '../db/client.ts';
import { defineJob } from './jobs.ts';
import { type MailAttachment, mailOutbox } from './schema.ts';

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  template: string;
  attachments?: MailAttachment[];
};

export async function queueMail(db: Db, mail: Mail): Promise<string> {
  // The outbox row and its job in one statement: a mail is often written inside a transaction that
  // holds a lock (a salon seat), and every round trip there is time others wait.
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`with m as (
      insert into mail_outbox ("to", subject, text, html, template, attachments)
      values (${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html ?? null}, ${mail.template},
        ${JSON.stringify(mail.attachments ?? [])}::jsonb)
      returning id
    )
    insert into jobs (kind, payload) select ${mailSendJob.kind}::text, jsonb_build_object('outboxId', m.id) from m
    returning payload->>'outboxId' as id`,
  );
  return row.id;
}

/** One SMTP transport per URL for the life of the process (it pools its connections). */
type Transport = ReturnType<typeof nodemailer.createTransport>;
const transports = new Map<string, Transport>();
function transportFor(smtpUrl: string | undefined): Transport | undefined {
  if (!smtpUrl) return undefined;
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** Delivers one outbox message (queued by `queueMail`, which writes this kind in its own SQL). */
export const mailSendJob = defineJob(
  'mail.send',
  z.object({ outboxId: z.guid() }),
  async ({ outboxId: id }, { db, attempt, maxAttempts, config }) => {
    const transport = transportFor(config.SMTP_URL);
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    if (!mail || mail.status === 'sent' || mail.status === 'stored') return;
    if (!transport) {
      await db.update(mailOutbox).set({ status: 'stored' }).where(eq(mailOutbox.id, id));
      return;
    }
    try {
      const info = await transport.sendMail({
        from: config.MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        attachments: mail.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
          encoding: a.encoding,
        })),
      });
      await db
        .update(mailOutbox)
        .set({ status: 'sent', sentAt: new Date(), messageId: info.messageId, error: null })
        .where(eq(mailOutbox.id, id));
    } catch (err) {
      // Stays `queued` while the job will retry; `failed` once the last attempt is spent.
      await db
        .update(mailOutbox)
        .set({
          error: err instanceof Error ? err.message : String(err),
          ...(attempt >= maxAttempts ? { status: 'failed' as const } : {}),
        })
        .where(eq(mailOutbox.id, id));
      throw err; // the job retries with backoff
    }
  },
);
