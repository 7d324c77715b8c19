/**
 * The checklist step's text, registered when its chunk loads (the first screen does not carry it).
 * Every id can be overridden through `<codat-link>`'s `text` property. French uses a narrow no-break
 * space (U+202F) before `? ! ; :`.
 */
import { registerMessages } from '../../i18n/localizer.js';

const en = {
  'checklist.heading': 'Before you start',
  'checklist.intro': 'Sharing usually takes a few minutes, rarely more than 30. Have these at hand:',
  'checklist.admin.title': 'Administrator access to your accounting software',
  'checklist.admin.body': 'Only an administrator (or an equivalent role) can allow sharing. If that is not you, ask them to do this with you.',
  'checklist.reports.title': 'If you upload files: your Suppliers and Bills reports',
  'checklist.reports.body': 'Some software does not connect directly. You will then export these two reports from it when asked.',
  'checklist.time.title': 'A few minutes without interruption',
  'checklist.time.body': 'If you stop, your progress stays on this device while your session lasts.',
  'checklist.support': 'Stuck? {partner} can guide you on a call; they may ask you to share your screen. Never share your password.',
  'checklist.start': 'Start',
} as const;

const fr: Record<keyof typeof en, string> = {
  'checklist.heading': 'Avant de commencer',
  'checklist.intro': 'Le partage prend en général quelques minutes, rarement plus de 30. Gardez à portée de main\u202f:',
  'checklist.admin.title': 'Un accès administrateur à votre logiciel comptable',
  'checklist.admin.body': 'Seul un administrateur (ou un rôle équivalent) peut autoriser le partage. Si ce n’est pas vous, faites-le avec lui.',
  'checklist.reports.title': 'Si vous téléversez des fichiers\u202f: vos rapports Fournisseurs et Factures',
  'checklist.reports.body': 'Certains logiciels ne se connectent pas directement. Vous en exporterez alors ces deux rapports au moment voulu.',
  'checklist.time.title': 'Quelques minutes sans interruption',
  'checklist.time.body': 'Si vous vous arrêtez, votre progression reste sur cet appareil tant que votre session dure.',
  'checklist.support':
    'Besoin d’aide\u202f ? {partner} peut vous guider lors d’un appel et vous demander de partager votre écran. Ne communiquez jamais votre mot de passe.',
  'checklist.start': 'Commencer',
};

registerMessages({ en, fr });

declare module '../../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<keyof typeof en, true> {}
}
