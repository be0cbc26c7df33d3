// Prisma CLI settings. Vigil applies its migrations itself (src/db/migrate.ts); this
// file lets `prisma migrate deploy` and `prisma studio` work where the CLI can run.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
