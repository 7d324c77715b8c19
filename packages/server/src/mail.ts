/**
 * E-mail: the data request to the customer, alerts and reminders, in English and French. Messages
 * are queued in the `emails` table and sent by the outbox worker through SMTP (nodemailer). Without
 * SMTP settings the mailer is a local outbox: messages are stored, shown on the portal's Outbox
 * page, and nothing leaves the machine.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataType } from '@codat-link/core';
import { html, type Html } from './html.js';
import { linkUrl } from './routes/partner-api.js';
import { t, type Lang } from './routes/text.js';
import type { Storage } from './storage.js';
import type { EmailRow } from './store.js';

export interface MailOptions {
  /** SMTP server; absent means the local outbox. */
  smtp?: {
    host: string;
    port: number;
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure?: boolean;
    /** Refuse to send unless the server upgrades to TLS (STARTTLS). */
    requireTls?: boolean;
    auth?: { user: string; pass: string };
    /** Tests with a self-signed SMTP server only. */
    allowSelfSigned?: boolean;
  };
  /** The From address, e.g. `"Acme Bank" <onboarding@acme.example>`. */
  from?: string;
  /** Who the customer is dealing with, shown in the request e-mail. */
  partner?: { name: string; logoUrl?: string };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const TEXT = {
  requestSubject: { en: '{partner} asks you to share your financial data', fr: '{partner} vous demande de partager vos données financières' },
  reminderSubject: { en: 'Reminder: {partner} is waiting for your financial data', fr: 'Rappel : {partner} attend vos données financières' },
  hello: { en: 'Hello,', fr: 'Bonjour,' },
  requestIntro: {
    en: '{partner} asks {company} to share the following data:',
    fr: '{partner} demande à {company} de partager les données suivantes :',
  },
  reminderIntro: {
    en: 'This is a reminder: {partner} is still waiting for {company} to share the following data:',
    fr: 'Petit rappel : {partner} attend toujours que {company} partage les données suivantes :',
  },
  start: { en: 'Start here:', fr: 'Commencez ici :' },
  startButton: { en: 'Share my data', fr: 'Partager mes données' },
  checklistTitle: { en: 'Before you start', fr: 'Avant de commencer' },
  checklistAdmin: {
    en: 'You need administrator access (or equivalent) to your accounting software.',
    fr: 'Vous devez disposer d’un accès administrateur (ou équivalent) à votre logiciel comptable.',
  },
  checklistFiles: {
    en: 'For the spend analysis, have your suppliers and bills ready to export from your software (CSV or Excel), or connect the software directly.',
    fr: 'Pour l’analyse des dépenses, préparez l’export de vos fournisseurs et de vos factures depuis votre logiciel (CSV ou Excel), ou connectez directement le logiciel.',
  },
  checklistFinancials: {
    en: 'For the financial data, you will sign in to your accounting software and allow read access.',
    fr: 'Pour les données financières, vous vous connecterez à votre logiciel comptable pour autoriser la lecture.',
  },
  checklistTime: { en: 'It takes a few minutes, usually less than 30.', fr: 'Cela ne prend que quelques minutes, généralement moins de 30.' },
  linkPrivate: {
    en: 'This link is personal to your company: do not forward it.',
    fr: 'Ce lien est propre à votre entreprise : ne le transférez pas.',
  },
  alertSubject: { en: 'Alert: {summary}', fr: 'Alerte : {summary}' },
  alertIntro: { en: 'A monitoring rule fired:', fr: 'Une règle de surveillance s’est déclenchée :' },
  alertOpen: { en: 'See the request in the portal:', fr: 'Voir la demande dans le portail :' },
  alertOnce: {
    en: 'You get this alert once per rule and subject.',
    fr: 'Vous recevez cette alerte une seule fois par règle et par sujet.',
  },
  inviteSubject: { en: 'You are invited to the {partner} portal', fr: 'Vous êtes invité(e) sur le portail {partner}' },
  inviteIntro: {
    en: '{invitedBy} invites you to the {partner} portal as {role}.',
    fr: '{invitedBy} vous invite sur le portail {partner} en tant que {role}.',
  },
  inviteStart: {
    en: 'Choose your password here (the link works once, until {expires} UTC):',
    fr: 'Choisissez votre mot de passe ici (le lien ne sert qu’une fois, jusqu’au {expires} UTC) :',
  },
  inviteButton: { en: 'Choose my password', fr: 'Choisir mon mot de passe' },
  inviteIgnore: { en: 'If you did not expect this invitation, ignore this message.', fr: 'Si vous n’attendiez pas cette invitation, ignorez ce message.' },
} as const satisfies Record<string, Record<Lang, string>>;

const ROLE_NAMES: Record<string, Record<Lang, string>> = {
  admin: { en: 'administrator', fr: 'administrateur' },
  manager: { en: 'relationship manager', fr: 'chargé(e) de clientèle' },
  viewer: { en: 'viewer (read only)', fr: 'lecteur (lecture seule)' },
};

const say = (lang: Lang, key: keyof typeof TEXT, values: Record<string, string> = {}): string =>
  TEXT[key][lang].replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? '');

const RULE_NAMES: Record<string, Record<Lang, string>> = {
  requestStale: { en: 'Request not finished in time', fr: 'Demande non terminée à temps' },
  connectionFailed: { en: 'Connection failed', fr: 'Échec de connexion' },
  uploadSkippedRows: { en: 'Too many rows skipped', fr: 'Trop de lignes ignorées' },
  requestFinished: { en: 'Request finished', fr: 'Demande terminée' },
};

const document = (lang: Lang, title: string, body: Html) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${html`${title}`.value}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40em">${body.value}</body></html>
`;

export class Mailer {
  private readonly transport: Transporter | undefined;
  private readonly from: string;
  readonly partnerName: string;

  constructor(
    private readonly store: Storage,
    private readonly options: MailOptions,
    private readonly publicUrl: () => string,
  ) {
    const smtp = options.smtp;
    this.transport = smtp
      ? nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure ?? false,
          requireTLS: smtp.requireTls ?? false,
          ...(smtp.auth ? { auth: smtp.auth } : {}),
          ...(smtp.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        })
      : undefined;
    this.partnerName = options.partner?.name ?? 'Codat Link';
    this.from = options.from ?? `"${this.partnerName.replace(/["\\\r\n]/g, '')}" <no-reply@localhost>`;
  }

  /** Whether messages leave the machine (SMTP) or stay in the local outbox. */
  get local(): boolean {
    return this.transport === undefined;
  }

  /** The message as it is (or would be) sent. */
  async render(email: Pick<EmailRow, 'template' | 'locale' | 'params' | 'requestId'>): Promise<RenderedEmail> {
    const lang = email.locale;
    // The name the admin set on the portal's Branding page wins over the server's option.
    const branding = await this.store.getBranding();
    const partner = branding.partnerName ?? this.partnerName;
    const request = email.requestId ? await this.store.getRequest(email.requestId) : undefined;
    if (email.template === 'alert') {
      const summary = String(email.params['summary'] ?? '');
      const rule = RULE_NAMES[String(email.params['rule'])]?.[lang] ?? String(email.params['rule']);
      const portal = request
        ? `${this.publicUrl()}/portal/requests/${encodeURIComponent(request.id)}?lang=${lang}`
        : `${this.publicUrl()}/portal/alerts?lang=${lang}`;
      const subject = say(lang, 'alertSubject', { summary: rule });
      const lines = [
        say(lang, 'alertIntro'),
        '',
        `${rule}${request ? ` — ${request.companyName}` : ''}`,
        summary,
        '',
        say(lang, 'alertOpen'),
        portal,
        '',
        say(lang, 'alertOnce'),
      ];
      const body = html`<p>${say(lang, 'alertIntro')}</p><p><strong>${rule}</strong>${request ? html` — ${request.companyName}` : ''}<br>${summary}</p>
<p>${say(lang, 'alertOpen')} <a href="${portal}">${portal}</a></p><p><small>${say(lang, 'alertOnce')}</small></p>`;
      return { subject, text: lines.join('\n'), html: document(lang, subject, body) };
    }
    if (email.template === 'invite') {
      const url = String(email.params['url'] ?? '');
      const values = {
        partner,
        invitedBy: String(email.params['invitedBy'] ?? ''),
        role: ROLE_NAMES[String(email.params['role'])]?.[lang] ?? String(email.params['role']),
        expires: String(email.params['expiresAt'] ?? '')
          .slice(0, 16)
          .replace('T', ' '),
      };
      const subject = say(lang, 'inviteSubject', values);
      const text = [
        say(lang, 'hello'),
        '',
        say(lang, 'inviteIntro', values),
        '',
        say(lang, 'inviteStart', values),
        url,
        '',
        say(lang, 'inviteIgnore'),
        '',
        partner,
      ].join('\n');
      const body = html`<p>${say(lang, 'hello')}</p><p>${say(lang, 'inviteIntro', values)}</p>
<p><a href="${url}" style="display:inline-block;padding:.6em 1.2em;background:#1a56db;color:#fff;text-decoration:none;border-radius:4px">${say(lang, 'inviteButton')}</a></p>
<p>${say(lang, 'inviteStart', values)} <a href="${url}">${url}</a></p><p><small>${say(lang, 'inviteIgnore')}</small></p><p>${partner}</p>`;
      return { subject, text, html: document(lang, subject, body) };
    }
    // request and reminder: the customer's e-mail. It carries the Link URL and nothing secret.
    const company = request?.companyName ?? '';
    const url = request ? `${linkUrl(this.publicUrl(), request.id)}?lang=${lang}` : this.publicUrl();
    const dataTypes: DataType[] = request?.dataTypes ?? [];
    const asked = dataTypes.map((type) => t(lang, type));
    const reminder = email.template === 'reminder';
    const subject = say(lang, reminder ? 'reminderSubject' : 'requestSubject', { partner });
    const checklist = [
      say(lang, 'checklistAdmin'),
      ...(dataTypes.includes('spendAnalysis') ? [say(lang, 'checklistFiles')] : []),
      ...(dataTypes.includes('financials') ? [say(lang, 'checklistFinancials')] : []),
      say(lang, 'checklistTime'),
    ];
    const intro = say(lang, reminder ? 'reminderIntro' : 'requestIntro', { partner, company });
    const text = [
      say(lang, 'hello'),
      '',
      intro,
      ...asked.map((a) => `- ${a}`),
      '',
      say(lang, 'start'),
      url,
      '',
      `${say(lang, 'checklistTitle')}:`,
      ...checklist.map((c) => `- ${c}`),
      '',
      say(lang, 'linkPrivate'),
      '',
      partner,
    ].join('\n');
    const logo = branding.logo ? `${this.publicUrl()}/branding/logo?v=${branding.logo.hash}` : this.options.partner?.logoUrl;
    const body = html`${logo ? html`<p><img src="${logo}" alt="${partner}" height="48"></p>` : ''}
<p>${say(lang, 'hello')}</p><p>${intro}</p><ul>${asked.map((a) => html`<li>${a}</li>`)}</ul>
<p><a href="${url}" style="display:inline-block;padding:.6em 1.2em;background:#1a56db;color:#fff;text-decoration:none;border-radius:4px">${say(lang, 'startButton')}</a></p>
<p>${say(lang, 'start')} <a href="${url}">${url}</a></p>
<h2 style="font-size:1.1em">${say(lang, 'checklistTitle')}</h2><ul>${checklist.map((c) => html`<li>${c}</li>`)}</ul>
<p><small>${say(lang, 'linkPrivate')}</small></p><p>${partner}</p>`;
    return { subject, text, html: document(lang, subject, body) };
  }

  /** Sends one queued message; never throws. In local mode it is only marked stored. */
  async send(email: EmailRow): Promise<{ ok: true; stored: boolean } | { ok: false; error: string }> {
    if (!this.transport) return { ok: true, stored: true };
    try {
      const message = await this.render(email);
      await this.transport.sendMail({ from: this.from, to: email.recipients, subject: message.subject, text: message.text, html: message.html });
      return { ok: true, stored: false };
    } catch (error) {
      const code = (error as { code?: string; responseCode?: number }).code ?? 'error';
      return { ok: false, error: `smtp:${code}` };
    }
  }

  close(): void {
    this.transport?.close();
  }
}
