/** The templates a card offers: the bundled ones, with the user's from the Templates sheet in their place. */
import { loadTemplates } from '../core/load-templates';
import type { ParsedTemplate } from '../core/parse-template';
import { BUNDLED_TEMPLATES } from './bundled-templates';
import type { GasRuntime } from './create-gas-runtime';

export interface TemplateChoice {
  name: string;
  /** "Keep in touch" for keep-in-touch. */
  label: string;
  description: string;
}

/** Reconnect first, the rest by name. */
export function listTemplates(runtime: Pick<GasRuntime, 'templateOverrides'>): { choices: TemplateChoice[]; templates: Record<string, ParsedTemplate> } {
  const registry = loadTemplates(BUNDLED_TEMPLATES, runtime.templateOverrides?.() ?? []);
  const names = Object.keys(registry.templates).sort((a, b) => (a === 'reconnect' ? -1 : b === 'reconnect' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return {
    choices: names.map((name) => ({ name, label: labelTemplate(name), description: registry.templates[name]!.description })),
    templates: registry.templates,
  };
}

export function labelTemplate(name: string): string {
  const words = name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
