// Secrets from files, as Docker and Kubernetes mount them: DATABASE_URL_FILE=/run/secrets/db
// stands for DATABASE_URL holding that file's contents, so a password never has to sit in the
// environment (where `docker inspect` and child processes see it).
import { readFileSync } from 'node:fs';
import { messageOf } from '../errors.js';

/** The variables that may come from a file named by NAME_FILE. */
export const SECRET_VARIABLES = ['DATABASE_URL', 'SMTP_URL', 'VIGIL_ADMIN_TOKEN'] as const;

/**
 * `env` with every NAME_FILE read into NAME (one trailing newline dropped, as editors and
 * `echo` add one). Both set, an unreadable file or an empty one is a problem, named.
 */
export function readSecretFiles(env: Record<string, string | undefined>, problems: string[]): Record<string, string | undefined> {
  const resolved = { ...env };
  for (const name of SECRET_VARIABLES) {
    const path = env[`${name}_FILE`];
    if (path === undefined || path === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`environment variables ${name} and ${name}_FILE are both set: keep one`);
      continue;
    }
    try {
      const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
      if (value.trim() === '') problems.push(`environment variable ${name}_FILE: the file ${path} is empty`);
      else resolved[name] = value;
    } catch (error) {
      problems.push(`environment variable ${name}_FILE: cannot read ${path} (${messageOf(error)})`);
    }
  }
  return resolved;
}
