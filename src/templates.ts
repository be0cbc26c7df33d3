// Templates of templates/ (Handlebars), shared by the emails and the web pages. HTML templates
// escape everything they print, so text from feeds can never become markup; `.txt.hbs`
// templates print text as it is.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import Handlebars from 'handlebars';

/** Renders a template by its path under templates/ without `.hbs`, e.g. `email/alert.html`. */
export interface Templates {
  render(name: string, data: object): string;
}

export function loadTemplates(dir: string): Templates {
  const hbs = Handlebars.create();
  hbs.registerHelper('date', (value: unknown) => formatDate(value));
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of listFiles(dir)) {
    const name = relative(dir, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
    const source = readFileSync(file, 'utf8');
    if (name.includes('/partials/') || name.startsWith('partials/')) hbs.registerPartial(basename(name), source);
    else compiled.set(name, hbs.compile(source, { noEscape: name.endsWith('.txt'), strict: true }));
  }
  return {
    render(name, data) {
      const template = compiled.get(name);
      if (!template) throw new Error(`No template ${name}.hbs in ${dir}`);
      return template(data);
    },
  };
}

/** 2026-11-26 for a Date or an ISO string; empty for nothing. */
function formatDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return '';
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.hbs'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
