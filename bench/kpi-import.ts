/** KPI import of 12,000 rows (CSV): wall time and peak RSS. */
import { startTestApp } from '../tests/support/test-app.js';
import { addPerson } from '../tests/support/registry-fixtures.js';
import { kpiServiceFor } from '../src/kpi/register.js';
import { MUNICIPALITIES } from '../src/registry/municipalities.js';
import { mib, report, table } from './bench-support.js';

const ROWS = 12_000;
const kinds = process.env.TEST_DATABASE_URL ? (['pglite', 'pg'] as const) : (['pglite'] as const);
const out: (string | number)[][] = [];

for (const database of kinds) {
  const t = await startTestApp({ database });
  const codes = MUNICIPALITIES.slice(0, 60).map((m) => m.code);
  const perMunicipality = Math.ceil(ROWS / codes.length);
  const lines = ['periode;kommunekode;agent;besvarede;straksafklarede;tilfredshed_svar;tilfredshed_gns'];
  // Agents are created in bulk; the import resolves them by e-mail.
  await t.deps.db.query(
    `INSERT INTO people (email, name) SELECT 'bench' || g || '@eksempel.dk', 'Agent ' || g FROM generate_series(1, $1) g`,
    [perMunicipality * codes.length],
  );
  await t.deps.db.query(
    `INSERT INTO person_roles (person_id, municipality_code, role)
     SELECT p.id, ($1::int[])[1 + ((substring(p.email from 6 for position('@' in p.email) - 6)::int - 1) % $2)], 'agent' FROM people p WHERE p.email LIKE 'bench%'`,
    [codes, codes.length],
  );
  let n = 0;
  for (let i = 1; n < ROWS; i++, n++) {
    const code = codes[(i - 1) % codes.length];
    lines.push(`2026-10;${code};bench${i}@eksempel.dk;${40 + (i % 60)};${20 + (i % 40)};${20 + (i % 10)};${(5 + (i % 40) / 10).toFixed(1).replace('.', ',')}`);
  }
  void addPerson;
  const csv = Buffer.from(lines.join('\n'));
  let peak = process.memoryUsage().rss;
  const probe = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = Date.now();
  const s = await kpiServiceFor(t.deps).importFile(csv, 'bench.csv', null);
  const ms = Date.now() - started;
  clearInterval(probe);
  out.push([database, s.rows, `${(csv.length / 1024).toFixed(0)} KB`, `${(ms / 1000).toFixed(2)} s`, mib(peak), s.warned]);
  await t.stop();
}
report('KPI import, 12,000 rows', 'npm run bench -- kpi', table(['database', 'rows', 'file', 'time', 'peak RSS (process)', 'municipalities warned'], out), [
  'Rows are inserted 1000 per statement; agents are resolved from one preloaded directory, not a query per row.',
]);
process.exit(0);
