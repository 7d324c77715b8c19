/**
 * What a partner configures about the *Questions?* help: types only (the first screen imports them),
 * the answers and their validation load with the panel. The context key is in context.ts.
 */
import type { JourneyStep } from '@codat-link/core';

/** Text in every locale, or per locale (missing locales fall back to English, then to the other). */
export type PartnerText = string | { en?: string; fr?: string };

/** An answer the partner adds to the help. */
export interface PartnerAnswer {
  /** Stable id (also what `hide` names). */
  id: string;
  question: PartnerText;
  answer: PartnerText;
  /** The steps it is relevant to (listed first there); absent: every step. */
  steps?: JourneyStep[];
}

/** The `help` option: `false` removes the *Questions?* control altogether. */
export type HelpOptions =
  | false
  | {
      /** Built-in (or partner) answers to leave out, by id (docs/elements.md lists the ids). */
      hide?: string[];
      /** The partner's own answers, listed before the built-in ones on the steps they name. */
      answers?: PartnerAnswer[];
    };

/** What `<codat-link>` hands its help views: the option as given, and only `https:` policy links. */
export interface HelpSettings {
  options?: HelpOptions | undefined;
  privacyPolicyUrl?: string | undefined;
  termsUrl?: string | undefined;
  partnerName?: string | undefined;
}
