// Reads one YAML file and validates it against a zod schema, turning every problem into a
// line "file:line:col: path: what was wrong (got …)" so an operator can go straight to it.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';

export type PathSegment = string | number;

// A config file has no reason to reuse a value more often than this.
const MAX_ALIAS_COUNT = 100;

/** A validated file, or the problems that kept it from validating. */
export type YamlResult<T> =
  | { ok: true; value: T; locate: Locate; position: PositionOf; validateAt: ValidateAt }
  | { ok: false; problems: string[]; /** Present when the YAML parsed but did not validate. */ validateAt?: ValidateAt; raw?: unknown };

/** "file:line:col" of a path in the file. */
export type Locate = (path: PathSegment[]) => string;
/** Where a path of the file is, as fields (for warnings, which are data rather than lines). */
export interface Position {
  /** The file as messages show it (relative to the working directory when shorter). */
  file: string;
  line: number;
  column: number;
}
export type PositionOf = (path: PathSegment[]) => Position;
/** Validates the value at `path` of the same file with another schema, positions included. */
export type ValidateAt = <S extends z.ZodType>(path: PathSegment[], schema: S) => YamlResult<z.output<S>>;

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
  let data: unknown;
  try {
    // yaml refuses to expand more than 100 aliases ("billion laughs"): a problem of the file.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return { ok: false, problems: [`${at(0)}: invalid YAML: ${firstLine((error as Error).message)}`] };
  }
  const locate: Locate = (path) => at(offsetOf(doc, path, false));
  const position: PositionOf = (path) => {
    const { line, col } = lineCounter.linePos(offsetOf(doc, path, false));
    return { file: displayPath(file), line, column: col };
  };
  const validateAt: ValidateAt = (base, schema) => {
    const parsed = schema.safeParse(valueAt(data, base) ?? {});
    if (parsed.success) return { ok: true, value: parsed.data, locate, position, validateAt };
    const problems = parsed.error.issues.map((issue) => {
      const path = [...base, ...issue.path.filter((p): p is PathSegment => typeof p !== 'symbol')];
      if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) {
        const keyPath = [...path, issue.keys[0] as string];
        return { offset: offsetOf(doc, keyPath, true), text: `${formatPath(path)}${issue.message}` };
      }
      const input = valueAt(data, path);
      const message = issue.code === 'invalid_type' && input === undefined ? 'is required' : `${issue.message}${describeInput(input)}`;
      return { offset: offsetOf(doc, path, false), text: `${formatPath(path)}${message}` };
    });
    // In the order of the file, as a reader fixes them.
    problems.sort((a, b) => a.offset - b.offset);
    return { ok: false, problems: problems.map((p) => `${at(p.offset)}: ${p.text}`), validateAt, raw: data };
  };
  return validateAt([], schema);
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

// The deepest node on `path` that exists, so a missing field points at the object that lacks
// it; `atKey` points at the last key itself rather than its value (an unknown key).
function offsetOf(doc: Document, path: PathSegment[], atKey: boolean): number {
  let node: Node | null = doc.contents;
  let offset = node?.range?.[0] ?? 0;
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      if (atKey && i === path.length - 1) break;
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
  const text = JSON.stringify(typeof value === 'string' ? hidePassword(value) : value) ?? typeof value;
  return ` (got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

// A URL's password never reaches a message (they end up in logs and tickets).
function hidePassword(text: string): string {
  return text.replace(/^([a-z][\w+.-]*:\/\/[^/@:]*:)[^/@]*@/i, '$1***@');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
