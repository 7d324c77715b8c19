/** Text of the server's own pages, in English and French. */
import type { FastifyRequest } from 'fastify';

export type Lang = 'en' | 'fr';

const TEXT = {
  notFoundTitle: { en: 'Not found', fr: 'Introuvable' },
  linkNotFound: {
    en: 'This link is not valid. Ask the company that sent it for a new one.',
    fr: "Ce lien n'est pas valide. Demandez-en un nouveau à l'entreprise qui vous l'a envoyé.",
  },
  linkTitle: { en: 'Share your financial data', fr: 'Partagez vos données financières' },
  bundleMissing: {
    en: 'The Link component is not built on this server yet (run `npm run build`).',
    fr: "Le composant Link n'est pas encore construit sur ce serveur (lancez `npm run build`).",
  },
  linkFinishedTitle: { en: 'Request finished', fr: 'Demande terminée' },
  linkFinished: {
    en: 'Your data has already been sent for this request; it can no longer be changed. Ask the company that sent this link if something is missing.',
    fr: "Vos données ont déjà été envoyées pour cette demande ; elles ne peuvent plus être modifiées. Si quelque chose manque, contactez l'entreprise qui vous a envoyé ce lien.",
  },
  received: { en: 'What was received', fr: 'Ce qui a été reçu' },
  needsJavascript: { en: 'This page needs JavaScript.', fr: 'Cette page nécessite JavaScript.' },
  sandboxTitle: { en: 'Sandbox Accounting', fr: 'Sandbox Accounting' },
  sandboxIntro: {
    en: 'This is a test accounting platform. Sign in with any name, then allow or deny access.',
    fr: "Ceci est une plateforme comptable de test. Connectez-vous avec n'importe quel nom, puis autorisez ou refusez l'accès.",
  },
  sandboxUser: { en: 'User name', fr: "Nom d'utilisateur" },
  sandboxPassword: { en: 'Password', fr: 'Mot de passe' },
  sandboxAsks: { en: 'is asking to read the accounting data of', fr: 'demande à lire les données comptables de' },
  allow: { en: 'Allow access', fr: "Autoriser l'accès" },
  deny: { en: 'Deny', fr: 'Refuser' },
  sandboxExpired: {
    en: 'This authorization is no longer valid. Go back and start the connection again.',
    fr: "Cette autorisation n'est plus valide. Revenez en arrière et relancez la connexion.",
  },
  sandboxDoneLinked: { en: 'Access granted. You can close this window.', fr: 'Accès autorisé. Vous pouvez fermer cette fenêtre.' },
  sandboxDoneCancelled: { en: 'Access denied. You can close this window.', fr: 'Accès refusé. Vous pouvez fermer cette fenêtre.' },
  portalTitle: { en: 'Partner portal', fr: 'Portail partenaire' },
  companies: { en: 'Companies', fr: 'Entreprises' },
  company: { en: 'Company', fr: 'Entreprise' },
  newCompany: { en: 'New company', fr: 'Nouvelle entreprise' },
  name: { en: 'Name', fr: 'Nom' },
  create: { en: 'Create', fr: 'Créer' },
  requests: { en: 'Data requests', fr: 'Demandes de données' },
  newRequest: { en: 'New data request', fr: 'Nouvelle demande de données' },
  financials: { en: 'Financials', fr: 'Données financières' },
  spendAnalysis: { en: 'Spend analysis', fr: 'Analyse des dépenses' },
  linkUrl: { en: 'Link URL', fr: 'URL Link' },
  copy: { en: 'Copy', fr: 'Copier' },
  created: { en: 'Created', fr: 'Créée' },
  finished: { en: 'Finished', fr: 'Terminée' },
  open: { en: 'Open', fr: 'En cours' },
  entities: { en: 'Entities', fr: 'Entités' },
  noEntities: { en: 'No entity yet.', fr: "Aucune entité pour l'instant." },
  status: { en: 'Status', fr: 'Statut' },
  software: { en: 'Software', fr: 'Logiciel' },
  consent: { en: 'Consent', fr: 'Consentement' },
  download: { en: 'Download received data (CSV)', fr: 'Télécharger les données reçues (CSV)' },
  suppliers: { en: 'Suppliers', fr: 'Fournisseurs' },
  bills: { en: 'Bills', fr: 'Factures' },
  supplierSpend: { en: 'Supplier spend', fr: 'Dépenses fournisseurs' },
  manualTemplate: { en: 'Supplier spend template (manual upload)', fr: 'Modèle de dépenses fournisseurs (téléversement manuel)' },
  notStarted: { en: 'Not started', fr: 'Non commencé' },
  inProgress: { en: 'In progress', fr: 'En cours' },
  connected: { en: 'Connected', fr: 'Connecté' },
  uploaded: { en: 'Uploaded', fr: 'Téléversé' },
  complete: { en: 'Complete', fr: 'Terminé' },
  failed: { en: 'Failed', fr: 'Échec' },
  back: { en: 'Back', fr: 'Retour' },
  webhooks: { en: 'Webhooks', fr: 'Webhooks' },
  noEndpoints: { en: 'No webhook endpoint yet.', fr: "Aucun point de terminaison de webhook pour l'instant." },
  newEndpoint: { en: 'New webhook endpoint', fr: 'Nouveau point de terminaison' },
  url: { en: 'URL', fr: 'URL' },
  description: { en: 'Description', fr: 'Description' },
  events: { en: 'Events', fr: 'Événements' },
  allEvents: { en: 'All events', fr: 'Tous les événements' },
  enabled: { en: 'Enabled', fr: 'Activé' },
  disabled: { en: 'Disabled', fr: 'Désactivé' },
  enable: { en: 'Enable', fr: 'Activer' },
  disable: { en: 'Disable', fr: 'Désactiver' },
  rotateSecret: { en: 'Rotate secret', fr: 'Renouveler le secret' },
  endpointCreated: { en: 'Webhook endpoint created', fr: 'Point de terminaison créé' },
  secretRotated: { en: 'New signing secret', fr: 'Nouveau secret de signature' },
  signingSecret: { en: 'Signing secret', fr: 'Secret de signature' },
  secretOnce: {
    en: 'Copy this signing secret now: it is shown only once. Your receiver verifies each delivery with it.',
    fr: "Copiez ce secret de signature maintenant : il n'est affiché qu'une fois. Votre récepteur vérifie chaque envoi avec lui.",
  },
  secretGrace: {
    en: 'For 24 hours, deliveries are signed with both the new and the previous secret.',
    fr: 'Pendant 24 heures, les envois sont signés avec le nouveau secret et avec le précédent.',
  },
  deliveries: { en: 'Deliveries', fr: 'Envois' },
  noDeliveries: { en: 'Nothing delivered yet.', fr: "Rien n'a encore été envoyé." },
  event: { en: 'Event', fr: 'Événement' },
  attempts: { en: 'Attempts', fr: 'Tentatives' },
  responseCode: { en: 'Response', fr: 'Réponse' },
  latency: { en: 'Latency', fr: 'Latence' },
  nextAttempt: { en: 'Next attempt', fr: 'Prochaine tentative' },
  replay: { en: 'Replay', fr: 'Renvoyer' },
  deliverySucceeded: { en: 'Delivered', fr: 'Reçu' },
  deliveryFailed: { en: 'Failed', fr: 'Échec' },
  deliveryPending: { en: 'Retrying', fr: 'En attente' },
  rules: { en: 'Monitoring rules', fr: 'Règles de surveillance' },
  noRules: { en: 'No monitoring rule yet.', fr: "Aucune règle de surveillance pour l'instant." },
  newRule: { en: 'New rule', fr: 'Nouvelle règle' },
  rule: { en: 'Rule', fr: 'Règle' },
  ruleRequestStale: { en: 'Request not finished N days after it was opened', fr: 'Demande non terminée N jours après son ouverture' },
  ruleConnectionFailed: { en: 'Connection failed', fr: 'Échec de connexion' },
  ruleUploadSkippedRows: { en: 'Upload skipping more than X % of its rows', fr: 'Envoi ignorant plus de X % de ses lignes' },
  ruleRequestFinished: { en: 'Request finished', fr: 'Demande terminée' },
  threshold: { en: 'Threshold', fr: 'Seuil' },
  thresholdHelp: {
    en: 'Threshold: days for an unfinished request (7 if empty), percent of skipped rows for an upload (0 if empty); unused by the other rules.',
    fr: 'Seuil : nombre de jours pour une demande non terminée (7 si vide), pourcentage de lignes ignorées pour un envoi (0 si vide) ; sans objet pour les autres règles.',
  },
  days: { en: 'days', fr: 'jours' },
  alertBy: { en: 'Alerts by', fr: 'Alerte par' },
  webhook: { en: 'Webhook', fr: 'Webhook' },
  emailAddresses: { en: 'E-mail addresses', fr: 'Adresses e-mail' },
  language: { en: 'Language', fr: 'Langue' },
  invalidEmail: {
    en: 'Enter up to 10 valid e-mail addresses, separated by commas.',
    fr: "Saisissez jusqu'à 10 adresses e-mail valides, séparées par des virgules.",
  },
  invalidThreshold: {
    en: 'The threshold must be a number: days (0 to 3650), or a percentage (0 to 100).',
    fr: 'Le seuil doit être un nombre : des jours (0 à 3650) ou un pourcentage (0 à 100).',
  },
  openAlerts: { en: 'Open alerts', fr: 'Alertes ouvertes' },
  noAlerts: { en: 'No open alert.', fr: 'Aucune alerte ouverte.' },
  summary: { en: 'What happened', fr: "Ce qui s'est passé" },
  resolve: { en: 'Resolve', fr: 'Résoudre' },
  outbox: { en: 'Outbox', fr: "Boîte d'envoi" },
  outboxLocal: {
    en: 'No SMTP server is configured: messages are kept here and nothing leaves this machine.',
    fr: "Aucun serveur SMTP n'est configuré : les messages sont conservés ici et rien ne quitte cette machine.",
  },
  noEmails: { en: 'No message yet.', fr: "Aucun message pour l'instant." },
  subject: { en: 'Subject', fr: 'Objet' },
  recipients: { en: 'To', fr: 'À' },
  email_pending: { en: 'Sending', fr: "En cours d'envoi" },
  email_sent: { en: 'Sent', fr: 'Envoyé' },
  email_failed: { en: 'Failed', fr: 'Échec' },
  email_stored: { en: 'Kept in the outbox', fr: "Conservé dans la boîte d'envoi" },
  requestByEmail: { en: 'Request by email', fr: 'Demander par e-mail' },
  customerEmail: { en: "Customer's e-mail", fr: 'E-mail du client' },
  send: { en: 'Send', fr: 'Envoyer' },
  reminder: { en: 'Reminder', fr: 'Rappel' },
  forbidden: { en: 'This form must be sent from the portal itself.', fr: 'Ce formulaire doit être envoyé depuis le portail.' },
  // Environments, data downloads and the funnel.
  environment: { en: 'Environment', fr: 'Environnement' },
  envSandbox: { en: 'Sandbox', fr: 'Bac à sable' },
  envProduction: { en: 'Production', fr: 'Production' },
  sandboxNotice: {
    en: 'This is a test environment: use test data only.',
    fr: 'Ceci est un environnement de test : utilisez uniquement des données de test.',
  },
  downloads: { en: 'Downloads', fr: 'Téléchargements' },
  downloadAll: { en: 'Everything (XLSX, one sheet per report)', fr: 'Tout (XLSX, une feuille par rapport)' },
  records: { en: 'Records', fr: 'Enregistrements' },
  report: { en: 'Report', fr: 'Rapport' },
  entity: { en: 'Entity', fr: 'Entité' },
  funnel: { en: 'Funnel', fr: 'Entonnoir' },
  funnelIntro: {
    en: 'Requests by ISO week of creation and by integration (of the first consent, else of the first connection): how many reached each step, and the median time between steps.',
    fr: 'Demandes par semaine ISO de création et par intégration (celle du premier consentement, sinon de la première connexion) : combien ont atteint chaque étape, et le temps médian entre deux étapes.',
  },
  funnelEmpty: { en: 'No request in this period.', fr: 'Aucune demande sur cette période.' },
  week: { en: 'Week', fr: 'Semaine' },
  integration: { en: 'Integration', fr: 'Intégration' },
  noIntegration: { en: 'Not chosen yet', fr: 'Pas encore choisie' },
  allIntegrations: { en: 'All integrations', fr: 'Toutes les intégrations' },
  stepCreated: { en: 'Created', fr: 'Créées' },
  stepOpened: { en: 'Opened', fr: 'Ouvertes' },
  stepConsented: { en: 'Consented', fr: 'Consenties' },
  stepConnected: { en: 'Connected or uploaded', fr: 'Connectées ou téléversées' },
  stepFinished: { en: 'Finished', fr: 'Terminées' },
  medianTo: {
    en: 'Under each count from “Opened” on: the median time since the step before.',
    fr: "Sous chaque nombre à partir de « Ouvertes » : le temps médian depuis l'étape précédente.",
  },
  from: { en: 'From', fr: 'Du' },
  to: { en: 'To', fr: 'Au' },
  show: { en: 'Show', fr: 'Afficher' },
  csrfInvalid: {
    en: 'This form has expired or was not sent from the portal. Reload the page and try again.',
    fr: "Ce formulaire a expiré ou n'a pas été envoyé depuis le portail. Rechargez la page et réessayez.",
  },
  signInNeeded: { en: 'Sign in to the portal first.', fr: "Connectez-vous d'abord au portail." },
  roleForbidden: { en: 'Your role does not allow this. Ask an administrator.', fr: 'Votre rôle ne le permet pas. Demandez à un administrateur.' },
  signIn: { en: 'Sign in', fr: 'Se connecter' },
  signOut: { en: 'Sign out', fr: 'Se déconnecter' },
  email: { en: 'E-mail', fr: 'E-mail' },
  password: { en: 'Password', fr: 'Mot de passe' },
  wrongCredentials: { en: 'Wrong e-mail or password.', fr: 'E-mail ou mot de passe incorrect.' },
  lockedOut: {
    en: 'Too many wrong passwords for this account. Wait 15 minutes, then try again.',
    fr: 'Trop de mots de passe erronés pour ce compte. Attendez 15 minutes, puis réessayez.',
  },
  role: { en: 'Role', fr: 'Rôle' },
  role_admin: { en: 'Administrator', fr: 'Administrateur' },
  role_manager: { en: 'Relationship manager', fr: 'Chargé(e) de clientèle' },
  role_viewer: { en: 'Viewer', fr: 'Lecteur' },
  rolesHelp: {
    en: 'Administrators manage webhooks, monitoring rules, users and branding. Relationship managers create companies and requests and read the data. Viewers read only.',
    fr: 'Les administrateurs gèrent les webhooks, les règles de surveillance, les utilisateurs et la marque. Les chargés de clientèle créent les entreprises et les demandes et consultent les données. Les lecteurs consultent seulement.',
  },
  users: { en: 'Users', fr: 'Utilisateurs' },
  userActive: { en: 'Active', fr: 'Actif' },
  userInvited: { en: 'Invited', fr: 'Invité' },
  inviteUser: { en: 'Invite a user', fr: 'Inviter un utilisateur' },
  sendInvite: { en: 'Send the invite', fr: "Envoyer l'invitation" },
  invalidRole: { en: 'Choose a role.', fr: 'Choisissez un rôle.' },
  userExists: { en: 'This person already has an account.', fr: 'Cette personne a déjà un compte.' },
  inviteSent: { en: 'Invite sent', fr: 'Invitation envoyée' },
  inviteOnce: {
    en: 'The invite was e-mailed. Here is its one-time link too, shown only now: it works once, for 72 hours.',
    fr: "L'invitation a été envoyée par e-mail. Voici aussi son lien à usage unique, affiché seulement maintenant : il ne sert qu'une fois, pendant 72 heures.",
  },
  inviteLink: { en: 'Invite link', fr: "Lien d'invitation" },
  inviteHidden: {
    en: 'This invite carries a one-time link: only administrators see it.',
    fr: 'Cette invitation contient un lien à usage unique : seuls les administrateurs le voient.',
  },
  inviteInvalid: {
    en: 'This invite link is not valid any more (used, replaced or expired). Ask an administrator for a new one.',
    fr: "Ce lien d'invitation n'est plus valide (déjà utilisé, remplacé ou expiré). Demandez-en un nouveau à un administrateur.",
  },
  inviteFor: { en: 'Account:', fr: 'Compte :' },
  setPassword: { en: 'Choose your password', fr: 'Choisissez votre mot de passe' },
  newPassword: { en: 'New password', fr: 'Nouveau mot de passe' },
  confirmPassword: { en: 'Password again', fr: 'Mot de passe, à nouveau' },
  passwordRule: { en: 'At least 12 characters.', fr: 'Au moins 12 caractères.' },
  passwordMismatch: { en: 'The two passwords differ.', fr: 'Les deux mots de passe diffèrent.' },
  branding: { en: 'Branding', fr: 'Marque' },
  brandingSaved: { en: 'Branding saved.', fr: 'Marque enregistrée.' },
  partnerName: { en: 'Partner name', fr: 'Nom du partenaire' },
  partnerNameTooLong: { en: 'The partner name has at most 100 characters.', fr: 'Le nom du partenaire compte au plus 100 caractères.' },
  logo: { en: 'Logo', fr: 'Logo' },
  currentLogo: { en: 'Current logo', fr: 'Logo actuel' },
  noLogo: { en: 'No logo yet.', fr: 'Pas encore de logo.' },
  removeLogo: { en: 'Remove the logo', fr: 'Retirer le logo' },
  uploadLogo: { en: 'New logo', fr: 'Nouveau logo' },
  logoHelp: {
    en: 'PNG, JPEG or SVG, at most {max} MB, {min} to {maxSide} pixels a side, no wider or taller than {aspect}:1.',
    fr: 'PNG, JPEG ou SVG, {max} Mo au plus, de {min} à {maxSide} pixels de côté, au plus {aspect} fois plus large que haut (ou l’inverse).',
  },
  logoTooLarge: { en: 'The logo is larger than {max} MB.', fr: 'Le logo dépasse {max} Mo.' },
  logoNotImage: {
    en: 'The logo is not a PNG, JPEG or SVG image (checked from its content, not its name).',
    fr: "Le logo n'est pas une image PNG, JPEG ou SVG (vérifié d'après son contenu, pas son nom).",
  },
  logoUnreadable: {
    en: 'The logo’s size cannot be read from the file (an SVG needs width and height, or a viewBox).',
    fr: 'La taille du logo est illisible dans le fichier (un SVG doit avoir width et height, ou un viewBox).',
  },
  logoTooSmall: {
    en: 'The logo is {width} × {height} pixels: each side needs at least {min}.',
    fr: 'Le logo mesure {width} × {height} pixels : chaque côté doit en faire au moins {min}.',
  },
  logoTooBig: {
    en: 'The logo is {width} × {height} pixels: each side may have at most {maxSide}.',
    fr: 'Le logo mesure {width} × {height} pixels : chaque côté peut en faire au plus {maxSide}.',
  },
  logoAspect: {
    en: 'The logo is {width} × {height} pixels: more than {aspect} times wider than tall (or taller than wide).',
    fr: 'Le logo mesure {width} × {height} pixels : plus de {aspect} fois plus large que haut (ou plus haut que large).',
  },
  primaryColor: { en: 'Primary colour', fr: 'Couleur principale' },
  colorHelp: {
    en: 'Used for buttons (under white text) and links. It needs a contrast of at least {min}:1 against white. This colour: {light}:1 against white, {dark}:1 against the dark theme’s surface (where the element keeps its own light blue, as no colour reaches {min}:1 on both).',
    fr: 'Utilisée pour les boutons (sous un texte blanc) et les liens. Elle doit offrir un contraste d’au moins {min}:1 sur le blanc. Cette couleur : {light}:1 sur le blanc, {dark}:1 sur le fond du thème sombre (où le composant garde son bleu clair, aucune couleur n’atteignant {min}:1 sur les deux).',
  },
  colorInvalid: { en: 'The colour must be written #rrggbb.', fr: 'La couleur doit s’écrire #rrggbb.' },
  colorLowContrast: {
    en: 'The colour {color} is refused: its contrast against white ({surface}) is {ratio}:1, below the {min}:1 that text needs to be readable (WCAG AA). Choose a darker colour.',
    fr: 'La couleur {color} est refusée : son contraste sur le blanc ({surface}) est de {ratio}:1, sous les {min}:1 nécessaires à la lisibilité du texte (WCAG AA). Choisissez une couleur plus foncée.',
  },
  defaultLocale: { en: 'Default language of the Link page', fr: 'Langue par défaut de la page Link' },
  save: { en: 'Save', fr: 'Enregistrer' },
  linkDoneTitle: { en: 'Thank you, all done', fr: 'Merci, c’est terminé' },
  linkDone: { en: 'Your data has been sent. You can close this window.', fr: 'Vos données ont été envoyées. Vous pouvez fermer cette fenêtre.' },
  linkLeftTitle: { en: 'You left before the end', fr: 'Vous êtes parti avant la fin' },
  linkLeft: {
    en: 'Nothing more was sent. You can close this window, or reload this page to continue where you left off.',
    fr: "Rien de plus n'a été envoyé. Vous pouvez fermer cette fenêtre, ou recharger cette page pour reprendre là où vous en étiez.",
  },
  methods: { en: 'How', fr: 'Comment' },
  sharedWith: { en: 'Shared with', fr: 'Partagé avec' },
} as const satisfies Record<string, Record<Lang, string>>;

export type TextKey = keyof typeof TEXT;

export const t = (lang: Lang, key: TextKey): string => TEXT[key][lang];

export function isTextKey(key: string): key is TextKey {
  return key in TEXT;
}

/** `?lang=` wins, then the browser's first language. */
export function pickLang(request: FastifyRequest): Lang {
  const query = request.query as { lang?: unknown } | undefined;
  if (query?.lang === 'fr' || query?.lang === 'en') return query.lang;
  const accept = request.headers['accept-language'];
  return typeof accept === 'string' && /^\s*fr\b/i.test(accept) ? 'fr' : 'en';
}

/** As pickLang, but a browser asking for neither English nor French gets `fallback` (the partner's default). */
export function pickLangOr(request: FastifyRequest, fallback: Lang): Lang {
  const query = request.query as { lang?: unknown } | undefined;
  if (query?.lang === 'fr' || query?.lang === 'en') return query.lang;
  const accept = request.headers['accept-language'];
  if (typeof accept === 'string' && /^\s*fr\b/i.test(accept)) return 'fr';
  if (typeof accept === 'string' && /^\s*en\b/i.test(accept)) return 'en';
  return fallback;
}
