// `npm run build` compiles TypeScript only; the SQL migrations and demo data travel beside the JS that loads them.
import { cpSync } from 'node:fs';

cpSync('src/db/migrations', 'dist/src/db/migrations', { recursive: true });
cpSync('src/demo/demo-registry.yaml', 'dist/src/demo/demo-registry.yaml');
cpSync('cards', 'dist/cards', { recursive: true });
