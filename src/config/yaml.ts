// Reads one YAML file and validates it against a zod schema, turning every problem into a
// line "file:line:col: path: what was wrong (got …)" so an operator can go straight to it.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';

export type PathSegment = string | number;

/** A validated file, or the problems that kept it from validating. */
export type YamlResult<T> = { ok: true; value: T; locate: (path: PathSegment[]) => string } | { ok: false; problems: string[] };

/** Reads `file`, parses it as YAML and validates it with `schema`; never throws for bad input. */
export function readYamlFile<S extends z.ZodType>(file: string, schema: S): YamlResult<z.output<S>> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return { ok: false, problems: [`${displayPath(file)}: ${reason}`] };
  }
  return parseYaml(file, source, schema);
}

/** Same as readYamlFile for text already in memory; `file` is only used in messages. */
export function parseYaml<S extends z.ZodType>(file: string, source: string, schema: S): YamlResult<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${displayPath(file)}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => `${at(e.pos[0])}: invalid YAML: ${firstLine(e.message)}`) };
  }
  const data: unknown = doc.toJS();
  const parsed = schema.safeParse(data ?? {});
  const locate = (path: PathSegment[]): string => at(offsetOf(doc, path));
  if (parsed.success) return { ok: true, value: parsed.data, locate };
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const where = keys.length === 1 ? [...path, keys[0] as string] : path;
    const got = issue.code === 'unrecognized_keys' ? '' : describeInput(valueAt(data, path));
    return `${locate(where)}: ${formatPath(path)}${issue.message}${got}`;
  });
  return { ok: false, problems };
}

/** `feeds[2].url: ` for messages; empty at the top level. */
export function formatPath(path: PathSegment[]): string {
  if (path.length === 0) return '';
  const text = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return `${text}: `;
}

/** A path as the user reads it: relative to the working directory when that is shorter. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.length < file.length && !rel.startsWith('..') ? rel : file;
}

// The deepest node on `path` that exists: a key's position when asked for a key, the value's
// otherwise, so a missing field points at the object that lacks it.
function offsetOf(doc: Document, path: PathSegment[]): number {
  let node: Node | null = doc.contents;
  let offset = node?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = (pair.value as Node | null) ?? null;
      if (node?.range) offset = node.range[0];
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment] as Node;
      offset = node.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function valueAt(data: unknown, path: PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

function describeInput(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value) ?? String(value);
  return ` (got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
