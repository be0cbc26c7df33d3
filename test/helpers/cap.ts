// CAP 1.2 validation for tests: the OASIS schema (test/fixtures/cap) run by xmllint compiled to
// WebAssembly, offline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

const CAP_XSD = readFileSync(join(import.meta.dirname, '../fixtures/cap/CAP-v1.2.xsd'), 'utf8');

/** The schema's complaints about a CAP message; empty when it is valid. */
export async function capErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'alert.cap', contents: xml }], schema: [CAP_XSD] });
  return result.errors.map((e) => e.rawMessage);
}
