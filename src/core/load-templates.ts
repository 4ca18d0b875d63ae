/**
 * The templates a run uses: the bundled files, each replaced by a valid
 * override of the same name from the user's Templates sheet, then new
 * overrides; every override that cannot be used becomes a problem. Pure.
 */
import { createSampleViews } from './create-sample-views';
import type { TemplateView } from './build-template-view';
import { findRenderArtifacts } from './find-render-artifacts';
import {
  locateOverride,
  normalizeTemplateName,
  parseTemplate,
  parseTemplateOverride,
  TemplateError,
  type ParsedTemplate,
  type TemplateOverride,
} from './parse-template';
import { renderTemplate } from './render-template';

/** An override that could not be used, with where it is, so an adapter can point at it without reading the message. */
export interface TemplateProblem {
  /** The normalized template name. */
  name: string;
  /** Where the override is: its origin, e.g. "Templates sheet, row 4". */
  file: string;
  /** 1-based line of the problem in the override's subject or body cell; 1 when it concerns the whole template. */
  line: number;
  /** The override's Templates sheet row (1-based), when it came from one. */
  row?: number;
  /** One sentence for the user: where, what, and what is used instead. */
  message: string;
}

export interface TemplateRegistry {
  /** By name: the bundled templates, each replaced by a valid override of the same name, then new overrides. */
  templates: Record<string, ParsedTemplate>;
  /** Overrides that could not be used, each saying what was used instead. */
  problems: TemplateProblem[];
}

const BUNDLED_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)(\.html)?\.mustache$/;

/**
 * Bundled templates (file name → source, e.g. "reconnect.mustache" and
 * "reconnect.html.mustache") plus the user's overrides. A bundled template
 * that does not parse is a bug and throws; an override that does not parse,
 * or renders an artifact for a sample contact, is reported and the bundled
 * template of that name stays. An override has no HTML variant, so it renders
 * HTML from its plain text.
 */
export function loadTemplates(
  bundled: Readonly<Record<string, string>>,
  overrides: readonly TemplateOverride[] = [],
): TemplateRegistry {
  const templates: Record<string, ParsedTemplate> = Object.create(null) as Record<string, ParsedTemplate>;
  const htmlSources = new Map<string, string>();
  const textSources = new Map<string, string>();
  for (const [file, source] of Object.entries(bundled)) {
    const match = BUNDLED_FILE.exec(file);
    if (match === null) throw new TemplateError(`templates/${file}`, 1, 'not a template file name: expected <name>.mustache or <name>.html.mustache');
    (match[2] === undefined ? textSources : htmlSources).set(match[1]!, source);
  }
  for (const name of htmlSources.keys()) {
    if (!textSources.has(name)) throw new TemplateError(`templates/${name}.html.mustache`, 1, `there is no templates/${name}.mustache for it to go with`);
  }
  for (const name of [...textSources.keys()].sort()) {
    templates[name] = parseTemplate(name, textSources.get(name)!, {
      file: `templates/${name}.mustache`,
      html: htmlSources.get(name) ?? null,
      htmlFile: `templates/${name}.html.mustache`,
    });
  }

  const problems: TemplateProblem[] = [];
  const seen = new Set<string>();
  const samples = createSampleViews();
  for (const override of overrides) {
    const name = normalizeTemplateName(override.name);
    const where = { name, file: locateOverride(override), line: 1, ...(override.row === undefined ? {} : { row: override.row }) };
    if (seen.has(name)) {
      const label = override.origin ?? (override.row === undefined ? `"${override.name.trim()}"` : where.file);
      problems.push({ ...where, message: `${label}: the template "${name}" is defined twice; the first one is used.` });
      continue;
    }
    seen.add(name);
    const fallback = name in templates ? `The bundled "${name}" template is used instead.` : 'It is skipped until it is fixed.';
    let parsed: ParsedTemplate;
    try {
      parsed = parseTemplateOverride(override);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      problems.push({ ...where, file: error.file, line: error.line, message: `${error.message}. ${fallback}` });
      continue;
    }
    const artifact = findSampleArtifact(parsed, samples);
    if (artifact !== null) {
      problems.push({
        ...where,
        message:
          `${parsed.file}: for ${artifact.label} it renders badly (${artifact.problem}). ` +
          `Wrap optional parts in {{#variable}}…{{/variable}}, or use {{greeting}}. ${fallback}`,
      });
      continue;
    }
    templates[name] = parsed;
  }
  // No prototype, so "constructor", "__proto__" or "toString" is no template (a name a user types).
  return { templates, problems };
}

function findSampleArtifact(
  template: ParsedTemplate,
  samples: ReadonlyArray<{ label: string; view: TemplateView }>,
): { label: string; problem: string } | null {
  for (const { label, view } of samples) {
    const [problem] = findRenderArtifacts(renderTemplate(template, view, { format: 'html' }));
    if (problem !== undefined) return { label, problem };
  }
  return null;
}
