/**
 * `@codat-link/elements`: the classes, with no side effects. Register the tags with
 * `import '@codat-link/elements/define'` (or use the drop-in build, `codat-link.js`).
 */
export { CodatLink } from './codat-link/codat-link.js';
export type { HttpBackendLoader, ResolvedBackend } from './codat-link/backend.js';
export type { CodatLinkOptions } from './codat-link/codat-link.js';
export type { HelpOptions, HelpSettings, PartnerAnswer, PartnerText } from './help/help-settings.js';
export { HELP_ANSWER_IDS, type HelpAnswerId } from './help/help-answers.js';
export { JourneyController } from './controllers/journey-controller.js';
export type { JourneySetup, JourneyControllerCallbacks } from './controllers/journey-controller.js';
export * from './events.js';
export * from './context.js';
export {
  Localizer,
  registerMessages,
  missingMessages,
  messageIds,
  resolveLocale,
  defaultLocalizer,
  textOverridesSchema,
  SUPPORTED_LOCALES,
} from './i18n/localizer.js';
export type { ExtraMessages, MessageId, MessageParams, MessageCatalogs, SupportedLocale, TextOverrides } from './i18n/localizer.js';
export { errorMessage } from './i18n/errors.js';
export { THEME_TOKENS, THEME_PRESETS, lightPreset, darkPreset } from './theme/tokens.js';
export type { ThemeToken, ThemePreset, TokenValues } from './theme/tokens.js';
export { themeSchema, parseTheme } from './theme/theme.js';
export type { ThemeInput, ResolvedTheme, ThemeResult } from './theme/theme.js';
export { stepStyles, tokenStyles } from './styles/shared.styles.js';
export { StepElement } from './steps/step-element.js';
export { StepIntentEvent } from './steps/intents.js';
export type { StepIntent } from './steps/intents.js';
export { STEP_NAMES } from './steps/step-names.js';
export type { JourneyStepName } from './steps/step-names.js';
export { CodatLinkChecklist } from './steps/checklist/checklist.js';
export { CodatLinkHelp } from './help/help-panel.js';
export { CodatLinkProvisionMethod } from './steps/provision-method/provision-method.js';
export { CodatLinkEntityCount } from './steps/entity-count/entity-count.js';
export { CodatLinkEntityName } from './steps/entity-name/entity-name.js';
export { CodatLinkSoftwareSelection } from './steps/software-selection/software-selection.js';
export { CodatLinkConsent } from './steps/consent/consent.js';
export { consentContent, consentText, sha256Hex } from './steps/consent/consent-text.js';
export { CodatLinkDisclaimer } from './steps/disclaimer/disclaimer.js';
export { CodatLinkConnecting } from './steps/connecting/connecting.js';
export { CodatLinkEntityComplete } from './steps/entity-complete/entity-complete.js';
export { CodatLinkSummary } from './steps/summary/summary.js';
export { CodatLinkError } from './steps/error/error.js';
