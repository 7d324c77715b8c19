/**
 * The whole journey in French, as a French customer would follow it: the partner page passes
 * `locale="fr"`, every step speaks French, the French exports (semicolons, decimal commas,
 * dd/mm/yyyy dates, accented names) go through, and the summary and the portal say "Terminé".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator } from 'playwright-core';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, chooseSoftware, csvFile, startSharing, tableRows, uploadReport } from './support/journey.js';
import { portalEntities } from './support/portal.js';
import { storedReport } from './support/stored.js';

const run = useDemo();

const BOM = '\uFEFF';
const SUPPLIERS =
  BOM +
  [
    'Code fournisseur;Raison sociale;Adresse;Code postal;Ville;Pays;N° TVA intracommunautaire;Courriel;Conditions de règlement',
    "F0012;Société Générale d'Électricité;1 place de l'Étoile;75008;Paris;FR;FR12345678901;factures@sge.fr;45 jours",
    'F0013;Boulangerie Lefèvre;3 rue du Four;69002;Lyon;FR;FR98765432109;contact@lefevre.fr;À réception',
    'F0014;Transports Müller & Fils;8 quai Rambaud;69002;Lyon;FR;FR55667788990;compta@muller.fr;30 jours',
  ].join('\r\n') +
  '\r\n';
const BILLS =
  BOM +
  [
    'N° facture;Compte fournisseur;Fournisseur;Date facture;Échéance;Montant TTC;Devise;Statut',
    "FAC-2024-001;F0012;Société Générale d'Électricité;15/01/2024;14/02/2024;1 234,56;EUR;Payée",
    'FAC-2024-002;F0013;Boulangerie Lefèvre;03/02/2024;04/03/2024;89,90;EUR;Ouverte',
    'FAC-2024-003;F0014;Transports Müller & Fils;28/02/2024;29/03/2024;12 500,00;EUR;Partiellement payée',
  ].join('\r\n') +
  '\r\n';

const heading = (step: Locator) => step.locator('[part="heading"]').innerText();

/** Every rendered text of a step, shadow roots included (a loop: see journey-polish.e2e.ts). */
const stepText = (step: Locator) =>
  step.evaluate((host) => {
    const texts: string[] = [];
    const stack: Node[] = [host];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node instanceof Element) {
        if (getComputedStyle(node).display === 'none' || node.hasAttribute('hidden')) continue;
        if (node.shadowRoot) stack.push(node.shadowRoot);
      }
      if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim()) texts.push(node.textContent!.trim());
      stack.push(...[...node.childNodes].reverse());
    }
    return texts.join(' ');
  });

/**
 * What the French review fixed, checked on a step: a narrow no-break space before ? ! ; : and inside
 * « », never a plain or no space; one verb for upload (téléverser, not importer); accounting terms
 * as French accountants say them (avoirs, not notes de crédit); "qui vous payez".
 */
async function frenchProblems(step: Locator): Promise<string[]> {
  const text = await stepText(step);
  const found: string[] = [];
  const typography = /[^\s\d][?!;]|[^\s\d]:(?=\s|$)|[ \u00a0][?!;:](?=\s|$)|«(?!\u202f)|(?<!\u202f)»/g;
  for (const m of text.matchAll(typography)) found.push(`spacing: “${text.slice(Math.max(0, m.index - 25), m.index + 3)}”`);
  for (const wrong of [/\bimport(ez|er)\b/i, /notes? de crédit/i, /à qui vous payez/i]) if (wrong.test(text)) found.push(`wording: ${wrong}`);
  return found;
}

test('the whole journey in French: file upload of French exports, summary and portal in French', async () => {
  const { page, close } = await openDemoPage(run.browser, { locale: 'fr-FR' });
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis', locale: 'fr' });
    // The partner page's own words follow the language chosen for the journey (they stayed English).
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    assert.equal(await page.locator('#share-heading').innerText(), 'Votre demande de données');
    assert.equal(await page.locator('#start-over').innerText(), 'Recommencer');
    // The event log's placeholder too (it was "Element events appear here." in every language).
    assert.equal(await page.locator('#events').getAttribute('data-empty'), 'Les événements de l’élément s’affichent ici.');
    const provision = await atStep(page, 'provisionMethod');
    const problems: string[] = [];
    const review = async (name: string, step: Locator) => problems.push(...(await frenchProblems(step)).map((p) => `${name}: ${p}`));
    await review('provisionMethod', provision);
    assert.equal(await heading(provision), 'Comment souhaitez-vous fournir les informations sur vos fournisseurs\u202f?');
    await provision.locator('[data-method="connect"]').click();
    const count = await atStep(page, 'entityCount');
    await review('entityCount', count);
    assert.equal(await heading(count), 'Pour combien d’entités juridiques voulez-vous partager des données\u202f?');
    await count.locator('[data-count="several"]').click();
    const name = await atStep(page, 'entityName');
    await review('entityName', name);
    assert.equal(await heading(name), 'Quel est le nom de cette entité juridique\u202f?');
    await name.getByRole('textbox').fill('Durand Équipements SAS');
    await name.locator('[part="submit"]').click();
    assert.equal(await heading(await atStep(page, 'softwareSelection')), 'Choisissez votre logiciel comptable');
    await review('softwareSelection', await atStep(page, 'softwareSelection'));
    await chooseSoftware(page, 'Finance', 'dynamics-365-finance');
    const consent = await atStep(page, 'consent');
    assert.equal(await heading(consent), 'Partager vos données avec Northwind Card');
    await review('consent', consent);
    assert.match(await stepText(consent), /Pour analyser qui vous payez/);
    await consent.getByRole('button', { name: 'Accepter et continuer' }).click();
    const disclaimer = await atStep(page, 'disclaimer');
    assert.equal(await heading(disclaimer), 'Fonctionnement du téléversement de fichiers');
    await review('disclaimer', disclaimer);
    await disclaimer.locator('[part="continue"]').click();

    assert.equal(await heading(await atStep(page, 'uploadSuppliers')), 'Téléversez votre rapport Fournisseurs');
    await review('uploadSuppliers', await atStep(page, 'uploadSuppliers'));
    await page.screenshot({ path: '/tmp/demo-shots/10-french-suppliers.png', fullPage: true });
    await uploadReport(page, 'uploadSuppliers', csvFile('fournisseurs.csv', SUPPLIERS));
    assert.equal(await heading(await atStep(page, 'uploadBills')), 'Téléversez votre rapport Factures');
    await uploadReport(page, 'uploadBills', csvFile('factures.csv', BILLS));

    const done = await atStep(page, 'entityComplete');
    assert.equal(await heading(done), 'Durand Équipements SAS est terminée');
    await review('entityComplete', done);
    await done.getByRole('button', { name: 'Terminer' }).click();
    const summary = await atStep(page, 'summary');
    assert.equal(await heading(summary), 'Récapitulatif de votre demande de données');
    await review('summary', summary);
    assert.deepEqual(problems, [], 'the French review');
    const rows = await tableRows(summary.locator('table'));
    await page.screenshot({ path: '/tmp/demo-shots/11-french-summary.png', fullPage: true });
    assert.match(rows[0]!.join(' | '), /Durand Équipements SAS.*Dynamics 365 Finance.*Terminé.*3 fournisseurs, 3 factures/);

    // The demo's event log speaks French too (it read "upload: suppliers, 3 records").
    const log = await page.locator('#events li').allInnerTexts();
    assert.ok(log.includes('upload\u202f: factures, 3 enregistrements'), log.join('\n'));
    assert.ok(log.includes('step-change\u202f: étape summary'), log.join('\n'));
    // Each line: the event's name as a partner's code sees it, then the words, in French.
    assert.ok(
      log.every((line) => !/\b(records?|entit(y|ies)|step)\b/.test(line.split('\u202f: ')[1] ?? line)),
      log.join('\n'),
    );
    // And so does its Webhooks page, reached from the page's own link.
    await page.locator('nav a', { hasText: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks reçus' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    assert.deepEqual(await page.locator('#webhooks th').allInnerTexts(), ['Reçu', 'Événement', 'Quoi', 'Identifiant']);
    await page.locator('#webhook-status', { hasText: /vérifiés\.$/ }).waitFor();
    const finished = page.locator('#webhooks tbody tr[data-type="upload.completed"]').first();
    await finished.waitFor({ timeout: 15_000 });
    assert.match(await finished.innerText(), /enregistrements/);

    const stored = storedReport(run.demo, 'Durand Équipements SAS', 'bills').records;
    assert.deepEqual(
      stored.map((r) => [r['billNumber'], r['issueDate'], r['totalAmount']]),
      [
        ['FAC-2024-001', '2024-01-15', 1234.56],
        ['FAC-2024-002', '2024-02-03', 89.9],
        ['FAC-2024-003', '2024-02-28', 12500],
      ],
    );
    assert.deepEqual(
      storedReport(run.demo, 'Durand Équipements SAS', 'suppliers').records.map((r) => r['supplierName']),
      ["Société Générale d'Électricité", 'Boulangerie Lefèvre', 'Transports Müller & Fils'],
    );
    const portal = await portalEntities(run.browser, run.demo, 'Analyse des dépenses', { lang: 'fr', screenshot: '/tmp/demo-shots/12-portal-fr.png' });
    assert.deepEqual(
      portal.map((r) => [r['Nom'], r['Statut'], r['Logiciel'], r['Fournisseurs'], r['Factures']]),
      [['Durand Équipements SAS', 'Terminé', 'Dynamics 365 Finance', '3', '3']],
    );
  } finally {
    await close();
  }
});
