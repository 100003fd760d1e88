/**
 * Mail to residents. With SMTP_URL set, messages go through that server (nodemailer's SMTP
 * transport); without it, each message is written as an .eml file to OUTBOX_DIR, so a newcomer
 * running the demo sees what residents would receive without a mail server, and tests read them.
 * Sending never fails the request that caused it: a refused message is logged, the change stands.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

export interface Message {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: Message): Promise<void>;
}

let sequence = 0;

class OutboxMailer implements Mailer {
  private readonly transport: Transporter;
  constructor(private readonly dir: string, private readonly from: string) {
    this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: Message): Promise<void> {
    const info = await this.transport.sendMail({ from: this.from, ...message });
    mkdirSync(this.dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    writeFileSync(join(this.dir, `${stamp}-${process.pid}-${String(++sequence).padStart(5, '0')}.eml`), info.message as Buffer);
  }
}

class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  constructor(url: string, private readonly from: string) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(message: Message): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...message });
  }
}

const mailers = new WeakMap<Config, Mailer>();

/** The mailer of a configuration (one per server). */
export function mailerFor(config: Config): Mailer {
  let mailer = mailers.get(config);
  if (!mailer) {
    mailer = config.SMTP_URL ? new SmtpMailer(config.SMTP_URL, config.MAIL_FROM) : new OutboxMailer(config.OUTBOX_DIR, config.MAIL_FROM);
    mailers.set(config, mailer);
  }
  return mailer;
}

/**
 * Sends after the change committed: a failure is logged, never thrown. Awaited, so the answer to
 * the resident comes once the message is handed over (an outbox file exists when they look).
 */
export async function deliver(mailer: Mailer, message: Message, logger: Logger): Promise<void> {
  try {
    await mailer.send(message);
  } catch (err) {
    logger.warn({ err, subject: message.subject }, 'mail not sent');
  }
}
