/**
 * Every issue code, its default severity, and its message in each shipped locale. Codes are stable:
 * the UI and partners switch on them; messages are looked up here so a code never ships untranslated.
 * `{name}` placeholders are filled from the issue's parameters.
 */
import type { Locale, Severity } from './types.js';

interface MessageDef {
  severity: Severity;
  en: string;
  fr: string;
}

export const ISSUE_MESSAGES = {
  // file level
  file_empty: { severity: 'error', en: 'The file is empty.', fr: 'Le fichier est vide.' },
  file_too_large: {
    severity: 'error',
    en: 'The file is {size}; the limit is {limit}. Export a shorter period or split the file.',
    fr: 'Le fichier fait {size} ; la limite est de {limit}. Exportez une période plus courte ou divisez le fichier.',
  },
  too_many_rows: {
    severity: 'error',
    en: 'The file has more than {limit} rows. Export a shorter period or split the file.',
    fr: 'Le fichier compte plus de {limit} lignes. Exportez une période plus courte ou divisez le fichier.',
  },
  binary_file: {
    severity: 'error',
    en: 'This file is not a text or Excel export (it looks like binary data). Export the report as CSV or XLSX.',
    fr: "Ce fichier n'est ni un export texte ni un classeur Excel (il semble binaire). Exportez le rapport en CSV ou XLSX.",
  },
  html_file: {
    severity: 'error',
    en: 'This file is a web page saved with a spreadsheet extension. Export the report as CSV or XLSX instead.',
    fr: 'Ce fichier est une page web enregistrée avec une extension de tableur. Exportez plutôt le rapport en CSV ou XLSX.',
  },
  unsupported_format: {
    severity: 'error',
    en: 'This file format ({format}) is not supported. Export the report as CSV or XLSX.',
    fr: "Ce format de fichier ({format}) n'est pas pris en charge. Exportez le rapport en CSV ou XLSX.",
  },
  xlsx_unreadable: {
    severity: 'error',
    en: 'The Excel file could not be read ({reason}). Open it in Excel and save it again as XLSX or CSV.',
    fr: "Le classeur Excel n'a pas pu être lu ({reason}). Ouvrez-le dans Excel et enregistrez-le à nouveau en XLSX ou CSV.",
  },
  xlsx_no_sheet: {
    severity: 'error',
    en: 'The Excel file contains no worksheet with data.',
    fr: 'Le classeur Excel ne contient aucune feuille avec des données.',
  },
  zip_bomb: {
    severity: 'error',
    en: 'The Excel file expands to far more data than its size suggests ({reason}); it was not opened.',
    fr: "Le classeur Excel se décompresse en bien plus de données que sa taille ne le laisse prévoir ({reason}) ; il n'a pas été ouvert.",
  },
  unterminated_quote: {
    severity: 'error',
    en: 'A quoted value that starts on row {row} is never closed, so the rest of the file cannot be read reliably.',
    fr: 'Une valeur entre guillemets commençant à la ligne {row} n’est jamais fermée : la suite du fichier ne peut pas être lue de façon fiable.',
  },
  no_header_row: {
    severity: 'error',
    en: 'No header row was found: the file needs a row of column names such as {examples}.',
    fr: "Aucune ligne d'en-tête n'a été trouvée : le fichier doit comporter une ligne de noms de colonnes comme {examples}.",
  },
  no_data_rows: {
    severity: 'error',
    en: 'The file has a header row but no data rows.',
    fr: "Le fichier comporte une ligne d'en-tête mais aucune ligne de données.",
  },
  duplicate_header: {
    severity: 'error',
    en: 'The column "{column}" appears more than once, so it is unclear which one holds {field}. Rename or remove one.',
    fr: 'La colonne « {column} » apparaît plusieurs fois : impossible de savoir laquelle contient {field}. Renommez-en ou supprimez-en une.',
  },
  missing_required_column: {
    severity: 'error',
    en: 'No column was found for {field}. Add it to the export or choose the matching column.',
    fr: 'Aucune colonne ne correspond à {field}. Ajoutez-la à l’export ou choisissez la colonne correspondante.',
  },
  wrong_report: {
    severity: 'error',
    en: 'This looks like a {found} report, but a {expected} report is expected here.',
    fr: 'Ce fichier ressemble à un rapport {found}, alors qu’un rapport {expected} est attendu ici.',
  },
  mapping_override_unknown: {
    severity: 'warning',
    en: 'The saved mapping names a column "{column}" that is not in this file; {field} was matched automatically instead.',
    fr: 'Le mappage enregistré cite une colonne « {column} » absente de ce fichier ; {field} a été associé automatiquement.',
  },
  mapping_low_confidence: {
    severity: 'warning',
    en: 'The column "{column}" was matched to {field} with low confidence. Check it.',
    fr: 'La colonne « {column} » a été associée à {field} avec une confiance faible. Vérifiez-la.',
  },
  mapping_guessed: {
    severity: 'warning',
    en: 'No column is named like {field}; the values of "{column}" look like it, so it was used. Check the mapping.',
    fr: 'Aucune colonne ne porte un nom proche de {field} ; les valeurs de « {column} » y ressemblent, elle a donc été utilisée. Vérifiez le mappage.',
  },
  column_ignored: {
    severity: 'info',
    en: 'The column "{column}" does not match any field and was ignored.',
    fr: 'La colonne « {column} » ne correspond à aucun champ et a été ignorée.',
  },
  encoding_fallback: {
    severity: 'info',
    en: 'The file is not UTF-8; it was read as Windows-1252 (Western European).',
    fr: "Le fichier n'est pas en UTF-8 ; il a été lu en Windows-1252 (Europe occidentale).",
  },
  encoding_mixed: {
    severity: 'info',
    en: 'The file is UTF-8 but some lines, from about row {row}, are not; those lines were read as Windows-1252 (Western European).',
    fr: 'Le fichier est en UTF-8 mais certaines lignes, à partir de la ligne {row} environ, ne le sont pas ; elles ont été lues en Windows-1252 (Europe occidentale).',
  },
  date_order_ambiguous: {
    severity: 'warning',
    en: 'Dates in "{column}" could be day/month or month/day; they were read as {order}. Check a few of them.',
    fr: 'Les dates de « {column} » peuvent être jour/mois ou mois/jour ; elles ont été lues en {order}. Vérifiez-en quelques-unes.',
  },
  // row level
  total_row_excluded: {
    severity: 'info',
    en: 'Row {row} looks like a total and was left out.',
    fr: 'La ligne {row} ressemble à un total et a été écartée.',
  },
  repeated_header_skipped: {
    severity: 'info',
    en: 'Row {row} repeats the header (as on each page of a printed report) and was skipped.',
    fr: 'La ligne {row} répète l’en-tête (comme à chaque page d’un rapport imprimé) et a été ignorée.',
  },
  total_from_net_and_tax: {
    severity: 'info',
    en: 'No column gives the bills’ total; each total was added up from "{column}" (before tax) and the tax amount.',
    fr: 'Aucune colonne ne donne le total des factures ; chaque total a été calculé à partir de « {column} » (hors taxes) et du montant de la taxe.',
  },
  header_rows_combined: {
    severity: 'info',
    en: 'The header spans rows {first} and {second}; they were read together as one header.',
    fr: 'L’en-tête occupe les lignes {first} et {second} ; elles ont été lues ensemble comme un seul en-tête.',
  },
  group_rows_carried: {
    severity: 'info',
    en: 'The bills are grouped under supplier names on rows of their own ({count} groups, the first "{value}" on row {row}); each name was carried down to the bills below it.',
    fr: 'Les factures sont regroupées sous des noms de fournisseurs sur des lignes à part ({count} groupes, le premier « {value} » à la ligne {row}) ; chaque nom a été reporté sur les factures en dessous.',
  },
  group_rows_skipped: {
    severity: 'info',
    en: 'The rows are grouped under headings on rows of their own ({count}, the first "{value}" on row {row}); those heading rows were left out.',
    fr: 'Les lignes sont regroupées sous des intitulés sur des lignes à part ({count}, le premier « {value} » à la ligne {row}) ; ces lignes d’intitulé ont été écartées.',
  },
  other_sheets_ignored: {
    severity: 'info',
    en: 'The workbook has other sheets ({others}); the sheet "{sheet}" looks like the report and was read.',
    fr: 'Le classeur contient d’autres feuilles ({others}) ; la feuille « {sheet} » ressemble au rapport et a été lue.',
  },
  lines_merged: {
    severity: 'info',
    en: '{count} bills span several rows (one per line, {rows} rows in all); each was read as one bill. {detail}',
    fr: '{count} factures occupent plusieurs lignes (une par ligne de facture, {rows} lignes en tout) ; chacune a été lue comme une seule facture. {detail}',
  },
  note_row_skipped: {
    severity: 'info',
    en: 'Row {row} holds a single value, like a note or a footer, and was left out.',
    fr: 'La ligne {row} ne contient qu’une valeur, comme une note ou un pied de page, et a été écartée.',
  },
  ragged_row: {
    severity: 'error',
    en: 'Row {row} has {count} values but the header has {expected} columns.',
    fr: 'La ligne {row} contient {count} valeurs alors que l’en-tête compte {expected} colonnes.',
  },
  required_value_missing: {
    severity: 'error',
    en: '{field} is required.',
    fr: '{field} est obligatoire.',
  },
  invalid_date: {
    severity: 'error',
    en: '"{value}" is not a date that could be read.',
    fr: '« {value} » n’est pas une date lisible.',
  },
  date_implausible: {
    severity: 'warning',
    en: '"{value}" ({field}) reads as {date}: before 1990 or more than two years from today. The date was kept; check it.',
    fr: '« {value} » ({field}) se lit {date} : avant 1990 ou plus de deux ans après aujourd’hui. La date est conservée ; vérifiez-la.',
  },
  invalid_amount: {
    severity: 'error',
    en: '"{value}" is not an amount that could be read.',
    fr: '« {value} » n’est pas un montant lisible.',
  },
  invalid_currency: {
    severity: 'error',
    en: '"{value}" is not a currency that could be read (a code such as EUR, a symbol such as €, or a name such as Euro).',
    fr: '« {value} » n’est pas une devise lisible (un code comme EUR, un symbole comme €, ou un nom comme Euro).',
  },
  amount_notation_refused: {
    severity: 'error',
    en: '"{value}" is written in a notation that is not read as an amount (an exponent, hexadecimal, or more than 15 digits). Export amounts as plain numbers.',
    fr: '« {value} » est écrit dans une notation qui n’est pas lue comme un montant (exposant, hexadécimal ou plus de 15 chiffres). Exportez les montants en nombres simples.',
  },
  invalid_number: {
    severity: 'error',
    en: '"{value}" is not a whole number.',
    fr: '« {value} » n’est pas un nombre entier.',
  },
  invalid_email: {
    severity: 'warning',
    en: '"{value}" is not a valid email address; it was left out.',
    fr: '« {value} » n’est pas une adresse e-mail valide ; elle a été écartée.',
  },
  invalid_status: {
    severity: 'warning',
    en: '"{value}" is not a known status; it was left out.',
    fr: '« {value} » n’est pas un statut connu ; il a été écarté.',
  },
  invalid_value: {
    severity: 'error',
    en: 'The value of {field} is not valid.',
    fr: 'La valeur de {field} n’est pas valide.',
  },
  due_before_issue: {
    severity: 'warning',
    en: 'The due date is before the issue date.',
    fr: "La date d'échéance est antérieure à la date d'émission.",
  },
  formula_injection: {
    severity: 'warning',
    en: 'This value starts like a spreadsheet formula; it is kept as text and neutralised in any file the SDK writes.',
    fr: 'Cette valeur commence comme une formule de tableur ; elle est conservée comme texte et neutralisée dans tout fichier écrit par le SDK.',
  },
  // cross-file
  supplier_not_found: {
    severity: 'warning',
    en: 'The supplier "{value}" is not in the Suppliers report uploaded for this entity.',
    fr: 'Le fournisseur « {value} » ne figure pas dans le rapport Fournisseurs importé pour cette entité.',
  },
  duplicate_bill_number: {
    severity: 'warning',
    en: 'The bill number "{value}" also appears on row {other}.',
    fr: 'Le numéro de facture « {value} » figure aussi à la ligne {other}.',
  },
} as const satisfies Record<string, MessageDef>;

export type IssueCode = keyof typeof ISSUE_MESSAGES;
export const ISSUE_CODES = Object.keys(ISSUE_MESSAGES) as IssueCode[];

export type MessageParams = Record<string, string | number>;

/** The localized message of a code, with its placeholders filled. */
export function issueMessage(code: IssueCode, locale: Locale, params: MessageParams = {}): string {
  const template: string = ISSUE_MESSAGES[code][locale];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * Appended to a cell's message when the cell is in an optional field: the issue is then a warning,
 * the cell is left empty and the row is kept (only a required value drops a row).
 */
/** The detail of a `lines_merged` issue: what was done with each amount column. */
export const LINE_AMOUNTS: Record<'summed' | 'kept', Record<Locale, string>> = {
  summed: {
    en: 'Amounts in {columns} differ from line to line and were added up.',
    fr: 'Les montants de {columns} varient d’une ligne à l’autre et ont été additionnés.',
  },
  kept: {
    en: 'Amounts in {columns} repeat the bill’s total on every line and were kept once.',
    fr: 'Les montants de {columns} répètent le total de la facture à chaque ligne et ont été gardés une fois.',
  },
};

export const KEPT_ROW_NOTE: Record<Locale, string> = {
  en: ' That cell is left empty; the row is kept.',
  fr: ' Cette cellule est laissée vide ; la ligne est conservée.',
};

export function defaultSeverity(code: IssueCode): Severity {
  return ISSUE_MESSAGES[code].severity;
}
