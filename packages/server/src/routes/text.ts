/** Text of the server's own pages, in English and French. */
import type { FastifyRequest } from 'fastify';

export type Lang = 'en' | 'fr';

const TEXT = {
  notFoundTitle: { en: 'Not found', fr: 'Introuvable' },
  linkNotFound: { en: 'This link is not valid. Ask the company that sent it for a new one.', fr: "Ce lien n'est pas valide. Demandez-en un nouveau à l'entreprise qui vous l'a envoyé." },
  linkTitle: { en: 'Share your financial data', fr: 'Partagez vos données financières' },
  bundleMissing: {
    en: 'The Link component is not built on this server yet (run `npm run build`).',
    fr: "Le composant Link n'est pas encore construit sur ce serveur (lancez `npm run build`).",
  },
  linkFinishedTitle: { en: 'Request finished', fr: 'Demande terminée' },
  linkFinished: {
    en: 'Your data has already been sent for this request; it can no longer be changed. Ask the company that sent this link if something is missing.',
    fr: "Vos données ont déjà été envoyées pour cette demande ; elles ne peuvent plus être modifiées. Si quelque chose manque, contactez l'entreprise qui vous a envoyé ce lien.",
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
  sandboxAsks: { en: 'is asking to read your accounting data.', fr: 'demande à lire vos données comptables.' },
  allow: { en: 'Allow access', fr: "Autoriser l'accès" },
  deny: { en: 'Deny', fr: 'Refuser' },
  sandboxExpired: {
    en: 'This authorization is no longer valid. Go back and start the connection again.',
    fr: "Cette autorisation n'est plus valide. Revenez en arrière et relancez la connexion.",
  },
  sandboxDoneLinked: { en: 'Access granted. You can close this window.', fr: 'Accès autorisé. Vous pouvez fermer cette fenêtre.' },
  sandboxDoneCancelled: { en: 'Access denied. You can close this window.', fr: 'Accès refusé. Vous pouvez fermer cette fenêtre.' },
  portalTitle: { en: 'Relationship manager portal', fr: 'Portail des chargés de clientèle' },
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
  notStarted: { en: 'Not started', fr: 'Non commencé' },
  inProgress: { en: 'In progress', fr: 'En cours' },
  connected: { en: 'Connected', fr: 'Connecté' },
  uploaded: { en: 'Uploaded', fr: 'Téléversé' },
  complete: { en: 'Complete', fr: 'Terminé' },
  failed: { en: 'Failed', fr: 'Échec' },
  back: { en: 'Back', fr: 'Retour' },
  forbidden: { en: 'This form must be sent from the portal itself.', fr: 'Ce formulaire doit être envoyé depuis le portail.' },
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
