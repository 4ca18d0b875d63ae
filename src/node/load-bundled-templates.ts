/**
 * The bundled templates read from templates/ on disk, for the CLI and the tests.
 * The Apps Script bundle imports the same files as text through esbuild instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTemplates, type TemplateRegistry } from '../core/load-templates';
import type { TemplateOverride } from '../core/parse-template';

/** This file runs from src/node under ts-jest and from lib/node once compiled: both two levels below the package root. */
export const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates');

/** File name → source for every `*.mustache` file, the shape loadTemplates takes. */
export function readBundledTemplateSources(dir: string = TEMPLATES_DIR): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.mustache')) sources[file] = readFileSync(path.join(dir, file), 'utf8');
  }
  return sources;
}

/** Throws TemplateError when a bundled file is broken; a broken override is reported in `problems`. */
export function loadBundledTemplates(
  overrides: readonly TemplateOverride[] = [],
  dir: string = TEMPLATES_DIR,
): TemplateRegistry {
  return loadTemplates(readBundledTemplateSources(dir), overrides);
}
