/**
 * The help's text in English and French, registered when the help chunk loads (never on the first
 * screen). Each answer is two ids, `help.<id>.question` and `help.<id>.answer`, overridable through
 * `<codat-link>`'s `text`. Written for the business customer from the customer FAQ and checklist;
 * `{partner}` is the partner's name. French puts a narrow no-break space (U+202F) before `? ! ; :`.
 */
import { registerMessages } from '../i18n/localizer.js';

const en = {
  'help.heading': 'Questions?',
  'help.intro': 'Answers to what customers ask most, starting with this step.',
  'help.thisStep': 'About this step',
  'help.more': 'Other questions',
  'help.inline.label': 'Common questions',
  'help.close': 'Close questions',
  'help.policies': 'Policies of {partner}',
  'help.privacyPolicy': 'Privacy policy',
  'help.terms': 'Terms and conditions',
  'help.newTab': '(opens in a new tab)',
  'help.who.question': 'Who is Codat, and why are they involved?',
  'help.who.answer':
    '{partner} works with Codat to collect data from accounting software and ERPs. Codat runs the secure link between your software and {partner}: it passes your data to {partner} and to nobody else, and it does not sell it.',
  'help.why.question': 'Why am I asked to share this data?',
  'help.why.answer':
    'So that {partner} works from accurate, up-to-date figures instead of files prepared by hand. It uses them to analyse your spending and your suppliers and to tailor its service to your business.',
  'help.safe.question': 'Is my data safe?',
  'help.safe.answer':
    'Yes. Your data travels encrypted (TLS 1.2 or later) and is stored encrypted (AES-256). Codat is ISO 27001 certified by an independent auditor and handles data as the GDPR requires. Your login and password are never passed on, so nobody can sign in to your software with them.',
  'help.access.question': 'Who can see my data?',
  'help.access.answer':
    'Only {partner}, to provide the service you agreed to, and only within what you allow on the consent screen. Codat does not share it with anyone else. You can ask {partner} to delete it at any time; its privacy policy and terms give the details.',
  'help.what.question': 'What exactly is shared?',
  'help.what.answer':
    'The consent screen lists what will be read before you agree. For a spend analysis it is your supplier and accounts payable information (suppliers, the bills you received and how they were paid), which shows who you pay, how much and how. It is the same information you would otherwise send by file.',
  'help.stop.question': 'Can I stop sharing later?',
  'help.stop.answer':
    'Yes. You can remove the connection at any time from your accounting software, or ask {partner} to have it removed. Once disconnected, no new data is read. You can also ask {partner} to delete what it already received.',
  'help.permissions.question': 'I don’t have the right permissions',
  'help.permissions.answer':
    'Connecting needs an administrator (or equivalent) account in your accounting software. Ask the person who administers it to do this step with you, or pass them the link you received.',
  'help.entities.question': 'We have several instances or companies. Do I connect them all?',
  'help.entities.answer':
    'No. Connect only the ones where you record the supplier bills that matter to {partner}. If you are not sure which company or entity that is, your finance team or system administrator can tell you, or ask {partner}.',
  'help.migrating.question': 'We are moving to new accounting software',
  'help.migrating.answer':
    'Connect the software you use today: its data is still valid for a first analysis. Tell {partner} which software you are moving to, so it can check that it will work too.',
  'help.blocked.question': 'The link or the sign-in window is blocked',
  'help.blocked.answer':
    'Your company network may be blocking it. Ask your IT team to allow the codat.io domain; {partner} can give them security documentation. If your browser blocked a window, allow pop-ups for this page or continue in the same tab.',
  'help.time.question': 'How long does it take?',
  'help.time.answer':
    'Usually a few minutes, rarely more than 30. With a direct connection you do it once: {partner} then gets up-to-date figures without asking you again.',
  'help.csv.question': 'Can I keep sending CSV files instead?',
  'help.csv.answer':
    'Yes, files remain an option. A direct connection saves you preparing them and gives {partner} fresher figures, but you can upload reports exported from your software in this journey if you prefer.',
  'help.link.question': 'I closed the page. How do I come back?',
  'help.link.answer':
    'Open the link {partner} sent you again, on the same device. Your progress is kept while your session lasts; after that you start again from the beginning.',
  'help.support.question': 'Can someone help me?',
  'help.support.answer': 'Yes. {partner} can guide you through the steps on a call. They may ask you to share your screen; never give your password to anyone.',
} as const;

export type HelpMessageId = keyof typeof en;

const fr: Record<HelpMessageId, string> = {
  'help.heading': 'Des questions\u202f?',
  'help.intro': 'Les réponses aux questions les plus fréquentes, en commençant par cette étape.',
  'help.thisStep': 'Sur cette étape',
  'help.more': 'Autres questions',
  'help.inline.label': 'Questions fréquentes',
  'help.close': 'Fermer les questions',
  'help.policies': 'Politiques de {partner}',
  'help.privacyPolicy': 'Politique de confidentialité',
  'help.terms': 'Conditions générales',
  'help.newTab': '(s’ouvre dans un nouvel onglet)',
  'help.who.question': 'Qui est Codat et pourquoi intervient-il\u202f?',
  'help.who.answer':
    '{partner} fait appel à Codat pour recueillir les données des logiciels comptables et des ERP. Codat assure la liaison sécurisée entre votre logiciel et {partner}\u202f: il ne transmet vos données qu’à {partner}, à personne d’autre, et ne les vend pas.',
  'help.why.question': 'Pourquoi me demande-t-on ces données\u202f?',
  'help.why.answer':
    'Pour que {partner} travaille sur des chiffres exacts et à jour plutôt que sur des fichiers préparés à la main. Il s’en sert pour analyser vos dépenses et vos fournisseurs et adapter son service à votre entreprise.',
  'help.safe.question': 'Mes données sont-elles en sécurité\u202f?',
  'help.safe.answer':
    'Oui. Vos données circulent chiffrées (TLS 1.2 au minimum) et sont stockées chiffrées (AES-256). Codat est certifié ISO 27001 par un organisme indépendant et traite les données comme l’exige le RGPD. Votre identifiant et votre mot de passe ne sont jamais transmis\u202f: personne ne peut s’en servir pour se connecter à votre logiciel.',
  'help.access.question': 'Qui peut voir mes données\u202f?',
  'help.access.answer':
    'Seulement {partner}, pour le service que vous avez accepté et dans la limite de ce que vous autorisez à l’écran de consentement. Codat ne les communique à personne d’autre. Vous pouvez demander à {partner} de les supprimer à tout moment\u202f; sa politique de confidentialité et ses conditions donnent le détail.',
  'help.what.question': 'Que partage-t-on exactement\u202f?',
  'help.what.answer':
    'L’écran de consentement indique ce qui sera lu avant que vous acceptiez. Pour une analyse des dépenses, ce sont vos informations fournisseurs (fournisseurs, factures reçues et leurs règlements), qui montrent qui vous payez, combien et comment. Ce sont les mêmes informations que vous enverriez sinon par fichier.',
  'help.stop.question': 'Puis-je arrêter le partage plus tard\u202f?',
  'help.stop.answer':
    'Oui. Vous pouvez supprimer la connexion à tout moment depuis votre logiciel comptable, ou demander à {partner} de la faire supprimer. Une fois la connexion supprimée, plus aucune donnée n’est lue. Vous pouvez aussi demander à {partner} d’effacer ce qu’il a déjà reçu.',
  'help.permissions.question': 'Je n’ai pas les droits nécessaires',
  'help.permissions.answer':
    'La connexion demande un compte administrateur (ou équivalent) dans votre logiciel comptable. Demandez à la personne qui l’administre de faire cette étape avec vous, ou transmettez-lui le lien que vous avez reçu.',
  'help.entities.question': 'Nous avons plusieurs instances ou sociétés. Faut-il toutes les connecter\u202f?',
  'help.entities.answer':
    'Non. Connectez seulement celles où vous enregistrez les factures fournisseurs utiles à {partner}. Si vous ne savez pas de quelle société ou entité il s’agit, votre équipe financière ou votre administrateur peut vous renseigner\u202f; vous pouvez aussi demander à {partner}.',
  'help.migrating.question': 'Nous changeons de logiciel comptable',
  'help.migrating.answer':
    'Connectez le logiciel que vous utilisez aujourd’hui\u202f: ses données restent valables pour une première analyse. Indiquez à {partner} le logiciel que vous adopterez, pour qu’il vérifie qu’il fonctionnera aussi.',
  'help.blocked.question': 'Le lien ou la fenêtre de connexion est bloqué',
  'help.blocked.answer':
    'Le réseau de votre entreprise le bloque peut-être. Demandez à votre équipe informatique d’autoriser le domaine codat.io\u202f; {partner} peut lui fournir une documentation de sécurité. Si votre navigateur a bloqué une fenêtre, autorisez les fenêtres surgissantes pour cette page ou continuez dans le même onglet.',
  'help.time.question': 'Combien de temps cela prend-il\u202f?',
  'help.time.answer':
    'En général quelques minutes, rarement plus de 30. Avec une connexion directe, vous ne le faites qu’une fois\u202f: {partner} obtient ensuite des chiffres à jour sans vous solliciter.',
  'help.csv.question': 'Puis-je continuer à envoyer des fichiers CSV\u202f?',
  'help.csv.answer':
    'Oui, les fichiers restent possibles. Une connexion directe vous évite de les préparer et donne à {partner} des chiffres plus récents, mais vous pouvez téléverser dans ce parcours des rapports exportés de votre logiciel si vous le préférez.',
  'help.link.question': 'J’ai fermé la page. Comment revenir\u202f?',
  'help.link.answer':
    'Rouvrez le lien que {partner} vous a envoyé, sur le même appareil. Votre progression est conservée tant que votre session dure\u202f; ensuite, vous reprenez depuis le début.',
  'help.support.question': 'Quelqu’un peut-il m’aider\u202f?',
  'help.support.answer':
    'Oui. {partner} peut vous guider lors d’un appel. On peut vous demander de partager votre écran\u202f; ne donnez jamais votre mot de passe, à personne.',
};

registerMessages({ en, fr });

declare module '../i18n/localizer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the ids come from the extended record
  interface ExtraMessages extends Record<HelpMessageId, true> {}
}
