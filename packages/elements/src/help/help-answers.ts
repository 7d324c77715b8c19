/**
 * Which answers the help shows, in which order, for a step. Built-in answers come from
 * help-messages.ts; the partner hides some (`help.hide`) and adds its own (`help.answers`).
 */
import * as z from 'zod/mini';
import type { JourneyStep } from '@codat-link/core';
import type { Localizer, MessageId } from '../i18n/localizer.js';
import type { HelpOptions, PartnerAnswer, PartnerText } from './help-settings.js';

/** The built-in answers, in the order they are listed after the current step's own. */
export const HELP_ANSWER_IDS = [
  'who',
  'why',
  'safe',
  'access',
  'what',
  'stop',
  'permissions',
  'entities',
  'migrating',
  'blocked',
  'time',
  'csv',
  'link',
  'support',
] as const;
export type HelpAnswerId = (typeof HELP_ANSWER_IDS)[number];

/** What a customer on each step asks first. */
const RELEVANT: Partial<Record<JourneyStep, HelpAnswerId[]>> = {
  checklist: ['permissions', 'time', 'link', 'support'],
  provisionMethod: ['csv', 'why', 'time'],
  manualUpload: ['csv', 'what', 'support'],
  entityCount: ['entities', 'migrating'],
  entityName: ['entities'],
  softwareSelection: ['migrating', 'permissions', 'entities', 'csv'],
  consent: ['what', 'safe', 'access', 'stop', 'who'],
  connecting: ['blocked', 'permissions', 'safe', 'support'],
  disclaimer: ['time', 'csv', 'permissions', 'support'],
  uploadSuppliers: ['csv', 'what', 'support'],
  uploadBills: ['csv', 'what', 'support'],
  entityComplete: ['entities', 'stop'],
  summary: ['stop', 'access'],
  error: ['blocked', 'support'],
};

/** The two or three answers the consent and disclaimer steps show in the step itself. */
export const INLINE_ANSWERS: Partial<Record<JourneyStep, HelpAnswerId[]>> = {
  consent: ['what', 'safe', 'stop'],
  disclaimer: ['time', 'csv', 'support'],
};

export interface ShownAnswer {
  id: string;
  question: string;
  answer: string;
}

const text = z.union([z.string().check(z.minLength(1), z.maxLength(2000)), z.partialRecord(z.enum(['en', 'fr']), z.string().check(z.maxLength(2000)))]);
const helpOptionsSchema = z.union([
  z.literal(false),
  z.strictObject({
    hide: z.optional(z.array(z.string())),
    answers: z.optional(
      z.array(z.strictObject({ id: z.string().check(z.minLength(1)), question: text, answer: text, steps: z.optional(z.array(z.string())) })),
    ),
  }),
]);

const warned = new WeakSet<object>();

/** The option when valid; otherwise a console warning (once per value) and the built-in help. */
export function validHelpOptions(options: unknown): Exclude<HelpOptions, false> {
  if (options === undefined || options === false) return {};
  const parsed = z.safeParse(helpOptionsSchema, options);
  if (parsed.success) return parsed.data === false ? {} : (parsed.data as Exclude<HelpOptions, false>);
  if (typeof options === 'object' && options !== null && !warned.has(options)) {
    warned.add(options);
    console.warn(
      `<codat-link>: the help option is not valid and is ignored (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
    );
  }
  return {};
}

function localized(value: PartnerText, i18n: Localizer): string {
  if (typeof value === 'string') return value;
  return value[i18n.locale] ?? value.en ?? value.fr ?? '';
}

function builtIn(id: HelpAnswerId, i18n: Localizer, partner: string): ShownAnswer {
  return {
    id,
    question: i18n.t(`help.${id}.question` as MessageId, { partner }),
    answer: i18n.t(`help.${id}.answer` as MessageId, { partner }),
  };
}

function fromPartner(answer: PartnerAnswer, i18n: Localizer): ShownAnswer {
  return { id: answer.id, question: localized(answer.question, i18n), answer: localized(answer.answer, i18n) };
}

/**
 * The answers for `step`: `relevant` (the partner's answers for this step, then the built-in ones the
 * step's customers ask first) and `others` (everything else, in the default order). An answer whose
 * text the partner overrode with an empty string is left out, like a hidden one.
 */
export function answersFor(step: JourneyStep, options: unknown, i18n: Localizer, partner: string): { relevant: ShownAnswer[]; others: ShownAnswer[] } {
  const { hide = [], answers = [] } = validHelpOptions(options);
  const hidden = new Set(hide);
  const keep = (answer: ShownAnswer) => !hidden.has(answer.id) && answer.question.trim() !== '' && answer.answer.trim() !== '';
  const firstIds = RELEVANT[step] ?? [];
  const partnerFirst = answers.filter((a) => !a.steps || a.steps.includes(step)).map((a) => fromPartner(a, i18n));
  const partnerLater = answers.filter((a) => a.steps && !a.steps.includes(step)).map((a) => fromPartner(a, i18n));
  const relevant = [...partnerFirst, ...firstIds.map((id) => builtIn(id, i18n, partner))].filter(keep);
  const others = [...HELP_ANSWER_IDS.filter((id) => !firstIds.includes(id)).map((id) => builtIn(id, i18n, partner)), ...partnerLater].filter(keep);
  return { relevant, others };
}

/** The answers a step shows in itself (consent, disclaimer), hidden ones left out. */
export function inlineAnswersFor(step: JourneyStep, options: unknown, i18n: Localizer, partner: string): ShownAnswer[] {
  const { relevant } = answersFor(step, options, i18n, partner);
  const picks = INLINE_ANSWERS[step] ?? [];
  return picks.map((id) => relevant.find((a) => a.id === id)).filter((a): a is ShownAnswer => a !== undefined);
}
