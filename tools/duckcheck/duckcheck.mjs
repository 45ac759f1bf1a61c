// duckcheck: read a budgetx output directory with DuckDB, both ways the data
// contract allows (flat DIR/<type>.parquet and Hive-partitioned
// DIR/<type>/**/*.parquet), check that every reading agrees with the JSONL and
// with documents.jsonl, and run the README's queries against it.
//
//   node duckcheck.mjs [check] [options] OUTDIR
//   node duckcheck.mjs make-hive [--keep-partition-column] [--null-year-doc PREFIX] FLATDIR HIVEDIR
//
// It is a test and bench tool: budgetx itself never links DuckDB.
// Exit: 0 every check passed, 1 a check failed, 2 usage.

import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_README = path.resolve(HERE, '..', '..', 'README.md');
const INDEX_FILES = new Set(['documents', 'issues']);
const DEFAULT_PARTITION = new Set(['__HIVE_DEFAULT_PARTITION__', 'NULL']);
// Types the contract gives to fields that may serve as partition keys; a key
// read back with another type is a failure (a key not listed here is not typed).
const KEY_TYPES = {
  fiscal_year: 'BIGINT', department_code: 'VARCHAR', department_name: 'VARCHAR',
  doc_kind: 'VARCHAR', table_type: 'VARCHAR', province: 'VARCHAR', city: 'VARCHAR',
  admin_level: 'VARCHAR',
};

const USAGE = `usage: duckcheck [check] [options] OUTDIR
       duckcheck make-hive [--keep-partition-column] [--null-year-doc PREFIX] FLATDIR HIVEDIR

check options:
  --expect-rows TYPE=N[,TYPE=N...]  the Parquet of TYPE must hold N rows (repeatable)
  --layout flat|hive|any           require this layout for every table type (default any)
  --readme FILE                    where the queries are (default: the repository's README.md)
  --allow-empty                    a README query that returns no rows is not a failure
  --rows N                         print at most N rows of each query (default 10)
  -q, --quiet                      print failures, warnings and the summary only`;

// ---------------------------------------------------------------- helpers

const sq = (s) => `'${String(s).replace(/'/g, "''")}'`;
const qid = (s) => `"${String(s).replace(/"/g, '""')}"`;

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue; // temporary and lock files of a run in progress
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

// Partition keys and values of a file under DIR/<type>/, from its folder names.
function partitionsOf(typeDir, file) {
  const rel = path.relative(typeDir, path.dirname(file));
  const kv = {};
  if (rel === '') return kv;
  for (const seg of rel.split(path.sep)) {
    const i = seg.indexOf('=');
    if (i > 0) kv[seg.slice(0, i)] = decodeURIComponent(seg.slice(i + 1));
  }
  return kv;
}

function dispWidth(s) {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0);
    w += (c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd))) ? 2 : 1;
  }
  return w;
}

function cell(v) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function formatTable(columns, rows) {
  const cells = rows.map((r) => r.map(cell));
  const widths = columns.map((c, i) => Math.min(60, Math.max(dispWidth(c), ...cells.map((r) => dispWidth(r[i])))));
  const fit = (s, w) => {
    let out = '', used = 0;
    for (const ch of s) {
      const cw = dispWidth(ch);
      if (used + cw > w) { out = out.slice(0, -1) + '…'; used = w; break; }
      out += ch; used += cw;
    }
    return out + ' '.repeat(Math.max(0, w - used));
  };
  const line = (r) => '  ' + r.map((s, i) => fit(s, widths[i])).join(' | ');
  return [line(columns), '  ' + widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)].join('\n');
}

// JSONL lines of a file, counted, with each record handed to fn (when given);
// streamed, so a file of any size is fine.
async function eachJsonl(file, fn) {
  const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (line.trim() === '') continue;
    n++;
    if (fn) fn(JSON.parse(line), n);
  }
  return n;
}

// ---------------------------------------------------------------- the README's queries

function readmeQueries(file) {
  const text = fs.readFileSync(file, 'utf8');
  const start = text.search(/^## What comes out\s*$/m);
  if (start < 0) throw new Error(`${file}: no section "## What comes out"`);
  const rest = text.slice(start);
  const end = rest.slice(3).search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end + 3);
  const m = section.match(/```sql\n([\s\S]*?)```/);
  if (!m) throw new Error(`${file}: no \`\`\`sql block in "What comes out"`);
  // Split on ; outside quotes; a statement's leading -- comments are its title.
  const stmts = [];
  let cur = '', q = null;
  for (const ch of m[1]) {
    if (q) { if (ch === q) q = null; cur += ch; continue; }
    if (ch === "'" || ch === '"') { q = ch; cur += ch; continue; }
    if (ch === ';') { stmts.push(cur); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim() !== '') stmts.push(cur);
  return stmts.map((s) => {
    const lines = s.split('\n');
    const title = lines.filter((l) => /^\s*--/.test(l)).map((l) => l.replace(/^\s*--\s?/, '')).join(' ');
    const sql = lines.filter((l) => !/^\s*--/.test(l)).join('\n').trim();
    return { title, sql };
  }).filter((q) => q.sql !== '');
}

// Rewrite the README's 'out/…' references to a table type's source for one
// layout; returns null when the layout does not have a type the query reads.
const PARQUET_REF = /read_parquet\(\s*'out\/([A-Za-z0-9_]+)(?:\.parquet|\/\*\*\/\*\.parquet)'[^)]*\)|'out\/([A-Za-z0-9_]+)(?:\.parquet|\/\*\*\/\*\.parquet)'/g;

function adaptQuery(sql, layout, sources, outdir) {
  let missing = null;
  const out = sql.replace(PARQUET_REF, (_, a, b) => {
    const t = a || b;
    const src = sources[t] && sources[t][layout];
    if (!src) { missing = t; return _; }
    return src;
  }).replace(/'out\//g, () => sq(outdir + '/').slice(0, -1));
  return missing ? { missing } : { sql: out };
}

function parquetTypes(sql) {
  return [...sql.matchAll(PARQUET_REF)].map((m) => m[1] || m[2]);
}

// ---------------------------------------------------------------- check

async function check(opts) {
  const dir = path.resolve(opts.outdir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    console.error(`duckcheck: ${opts.outdir}: not a directory`);
    return 2;
  }
  let passed = 0, failed = 0, warned = 0;
  const say = (s) => { if (!opts.quiet) console.log(s); };
  const ok = (s) => { passed++; say(`ok    ${s}`); };
  const fail = (s) => { failed++; console.log(`FAIL  ${s}`); };
  const warn = (s) => { warned++; console.log(`warn  ${s}`); };

  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const run = async (sql) => {
    const r = await con.runAndReadAll(sql);
    return { columns: r.columnNames(), rows: r.getRowsJson(), objects: () => r.getRowObjectsJson() };
  };
  const ver = (await run('SELECT version() AS v')).rows[0][0];
  say(`duckcheck: DuckDB ${ver}, dataset ${dir}`);

  // What is there: flat files at the top, partitioned trees one folder per type.
  const top = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  const types = new Map(); // type -> { flat, flatJsonl, hiveDir, hiveParquet: [], hiveJsonl: [] }
  const get = (t) => {
    if (!types.has(t)) types.set(t, { hiveParquet: [], hiveJsonl: [] });
    return types.get(t);
  };
  for (const e of top) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name.endsWith('.parquet')) get(e.name.slice(0, -8)).flat = p;
    else if (e.isFile() && e.name.endsWith('.jsonl') && !INDEX_FILES.has(e.name.slice(0, -6))) get(e.name.slice(0, -6)).flatJsonl = p;
    else if (e.isDirectory()) {
      const files = walk(p);
      const pq = files.filter((f) => f.endsWith('.parquet'));
      const js = files.filter((f) => f.endsWith('.jsonl'));
      if (pq.length || js.length) {
        const t = get(e.name);
        t.hiveDir = p; t.hiveParquet = pq; t.hiveJsonl = js;
      }
    }
  }
  if (types.size === 0) { fail(`${dir}: no table type found (neither <type>.parquet nor <type>/**/*.parquet)`); }

  // documents.jsonl: the records each document says it produced, once per doc_id.
  const docsFile = path.join(dir, 'documents.jsonl');
  const indexCounts = {};
  if (fs.existsSync(docsFile)) {
    const byDoc = new Map();
    const n = await eachJsonl(docsFile, (d) => { if (d.records && typeof d.records === 'object') byDoc.set(d.doc_id, d.records); });
    for (const rec of byDoc.values()) for (const [t, c] of Object.entries(rec)) indexCounts[t] = (indexCounts[t] || 0) + Number(c);
    say(`      documents.jsonl: ${n} lines, ${byDoc.size} documents with records`);
  } else {
    warn('no documents.jsonl: record counts not checked against the index');
  }

  const sources = {}; // type -> { flat: sql, hive: sql }
  for (const [t, f] of [...types.entries()].sort()) {
    sources[t] = {};
    if (f.flat) sources[t].flat = `read_parquet(${sq(f.flat)})`;
    if (f.hiveParquet.length) sources[t].hive = `read_parquet(${sq(f.hiveDir + '/**/*.parquet')}, hive_partitioning=true)`;
    const layouts = Object.keys(sources[t]);
    if (layouts.length === 0) { fail(`${t}: JSONL but no Parquet`); continue; }
    if (opts.layout !== 'any' && !sources[t][opts.layout]) fail(`${t}: no ${opts.layout} layout (found ${layouts.join(', ')})`);

    const counts = {}, schemas = {};
    for (const L of layouts) {
      try {
        counts[L] = Number((await run(`SELECT count(*) FROM ${sources[t][L]}`)).rows[0][0]);
        schemas[L] = (await run(`DESCRIBE SELECT * FROM ${sources[t][L]}`)).rows.map((r) => [r[0], r[1]]);
        ok(`${t} [${L}]: ${counts[L]} rows, ${schemas[L].length} columns`);
      } catch (e) {
        fail(`${t} [${L}]: DuckDB cannot read ${sources[t][L]}: ${e.message.split('\n')[0]}`);
      }
    }

    // Hive: every partition key typed as the contract says, NULL for the default partition,
    // and the path's value equal to the file's own where a file carries the key too.
    if (f.hiveParquet.length && schemas.hive) {
      const keys = new Set();
      let defaultFiles = 0;
      for (const file of f.hiveParquet) {
        const kv = partitionsOf(f.hiveDir, file);
        for (const [k, v] of Object.entries(kv)) { keys.add(k); if (DEFAULT_PARTITION.has(v)) defaultFiles++; }
      }
      if (keys.size === 0) warn(`${t} [hive]: files under ${t}/ but no key=value folder`);
      // Each file's own columns (top level), to see which carry the keys and that all agree.
      const fileCols = new Map(); // file -> Map(column -> type)
      try {
        const r = await run(`SELECT file_name, name, type, converted_type, logical_type::VARCHAR FROM parquet_schema(${sq(f.hiveDir + '/**/*.parquet')})`);
        for (const [file, name, type, conv, logical] of r.rows) {
          // a file's first row is its schema root, named differently by each writer
          if (!fileCols.has(file)) { fileCols.set(file, new Map()); continue; }
          fileCols.get(file).set(name, [type, conv, logical].join('/'));
        }
      } catch (e) {
        fail(`${t} [hive]: cannot read the files' schemas: ${e.message.split('\n')[0]}`);
      }
      const sig = (cols) => [...cols].filter(([c]) => !keys.has(c)).map(([c, ty]) => `${c}:${ty}`).join(',');
      const sigs = new Set([...fileCols.values()].map(sig));
      if (sigs.size > 1) fail(`${t} [hive]: its ${fileCols.size} files have ${sigs.size} different schemas (partition keys aside)`);
      else if (fileCols.size) ok(`${t} [hive]: its ${fileCols.size} files share one schema`);
      const inFile = new Map(); // key -> files that carry it
      for (const k of keys) inFile.set(k, [...fileCols].filter(([, cols]) => cols.has(k)).map(([file]) => file));
      const hiveTypes = new Map(schemas.hive);
      for (const k of [...keys].sort()) {
        const got = hiveTypes.get(k);
        const flatType = schemas.flat && new Map(schemas.flat).get(k);
        const carriers = inFile.get(k) || [];
        const want = KEY_TYPES[k] || flatType;
        const nonDefault = f.hiveParquet.some((file) => { const v = partitionsOf(f.hiveDir, file)[k]; return v !== undefined && !DEFAULT_PARTITION.has(v); });
        if (!want) say(`      ${t} [hive]: key ${k} read as ${got} (no contract type to compare)`);
        else if (got === want) ok(`${t} [hive]: key ${k} read as ${got}${carriers.length ? ` (also inside ${carriers.length === fileCols.size ? 'every file' : carriers.length + ' of ' + fileCols.size + ' files'})` : ' (in the path only)'}`);
        else if (!nonDefault) warn(`${t} [hive]: key ${k} read as ${got}, contract says ${want}: only the default partition exists, so DuckDB cannot infer the type (readers can pass hive_types={'${k}': ${want}})`);
        else fail(`${t} [hive]: key ${k} read as ${got}, contract says ${want}`);

        // path value vs what DuckDB reads (hive on) and what the file holds (hive off)
        const pv = `regexp_extract(filename, ${sq('/' + k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '=([^/]*)/')}, 1)`;
        const check1 = async (hive, what, files) => {
          const src = files ? `[${files.map(sq).join(', ')}]` : sq(f.hiveDir + '/**/*.parquet');
          const r = await run(`SELECT ${pv} AS pv, ${qid(k)}::VARCHAR AS v, count(*) AS n FROM read_parquet(${src}, hive_partitioning=${hive}, filename=true) GROUP BY ALL ORDER BY 1`);
          let bad = 0, nulls = 0;
          for (const [p, v, n] of r.rows) {
            const dec = decodeURIComponent(p);
            if (DEFAULT_PARTITION.has(dec)) { if (v !== null) { bad++; fail(`${t} [hive]: ${n} rows under ${k}=${p} read as ${v} (${what}), not NULL`); } else nulls += Number(n); }
            else if (v === null || String(v) !== String(KEY_TYPES[k] === 'BIGINT' ? Number(dec) : dec)) { bad++; fail(`${t} [hive]: ${n} rows under ${k}=${p} read as ${v} (${what})`); }
          }
          return { bad, nulls };
        };
        try {
          const r = await check1('true', 'hive_partitioning=true');
          if (!r.bad) ok(`${t} [hive]: every row's ${k} equals its folder's${defaultFiles ? `; ${r.nulls} rows in the default partition read as NULL` : ''}`);
          if (carriers.length && carriers.length < fileCols.size) {
            warn(`${t} [hive]: ${carriers.length} of ${fileCols.size} files carry ${k}, the others not: DuckDB reads both with hive_partitioning=true, but a reader without it takes the first file's columns`);
          }
          if (carriers.length) {
            const r2 = await check1('false', 'the value inside the file', carriers);
            if (!r2.bad) ok(`${t} [hive]: ${k} inside the files agrees with the path`);
          }
        } catch (e) {
          fail(`${t} [hive]: cannot compare ${k} with its folder: ${e.message.split('\n')[0]}`);
        }
      }
      if (schemas.flat) {
        const a = new Map(schemas.flat), b = new Map(schemas.hive);
        const diff = [...new Set([...a.keys(), ...b.keys()])].filter((c) => a.get(c) !== b.get(c)).map((c) => `${c}: ${a.get(c) || '-'} vs ${b.get(c) || '-'}`);
        if (diff.length) fail(`${t}: flat and hive schemas differ (${diff.join('; ')})`);
        else ok(`${t}: flat and hive have the same columns and types${schemas.flat.map((x) => x[0]).join() === schemas.hive.map((x) => x[0]).join() ? '' : ' (in another order)'}`);
      }
    }

    // JSONL beside the Parquet: same count; a partitioned record carries its keys.
    if (f.flatJsonl) {
      const n = await eachJsonl(f.flatJsonl);
      if (counts.flat !== undefined) (n === counts.flat ? ok : fail)(`${t}: ${t}.jsonl has ${n} records, ${t}.parquet ${counts.flat}`);
    }
    if (f.hiveJsonl.length) {
      let n = 0, badKeys = 0;
      for (const file of f.hiveJsonl) {
        const kv = partitionsOf(f.hiveDir, file);
        n += await eachJsonl(file, (rec, i) => {
          for (const [k, v] of Object.entries(kv)) {
            const want = DEFAULT_PARTITION.has(v) ? null : v;
            if (!(k in rec) || (rec[k] === null ? null : String(rec[k])) !== want) {
              if (badKeys++ < 3) fail(`${path.relative(dir, file)}:${i}: ${k} is ${k in rec ? JSON.stringify(rec[k]) : 'missing'}, its folder says ${v}`);
            }
          }
        });
      }
      if (!badKeys) ok(`${t}: partitioned JSONL records carry their partition keys`);
      else if (badKeys > 3) fail(`${t}: … ${badKeys} partitioned JSONL records in all lack their folder's keys`);
      if (counts.hive !== undefined) (n === counts.hive ? ok : fail)(`${t}: partitioned JSONL has ${n} records, partitioned Parquet ${counts.hive}`);
    }
    if (counts.flat !== undefined && counts.hive !== undefined && counts.flat !== counts.hive) fail(`${t}: flat ${counts.flat} rows, hive ${counts.hive}`);
    if (t in indexCounts) {
      for (const L of layouts) if (counts[L] !== undefined) (counts[L] === indexCounts[t] ? ok : fail)(`${t} [${L}]: ${counts[L]} rows, documents.jsonl says ${indexCounts[t]}`);
    }
    if (opts.expect[t] !== undefined) {
      for (const L of layouts) if (counts[L] !== undefined) (counts[L] === opts.expect[t] ? ok : fail)(`${t} [${L}]: ${counts[L]} rows, expected ${opts.expect[t]}`);
    }
  }
  for (const t of Object.keys(opts.expect)) if (!types.has(t)) fail(`${t}: expected ${opts.expect[t]} rows, no such table in ${dir}`);
  for (const [t, n] of Object.entries(indexCounts)) if (n > 0 && !types.has(t)) warn(`${t}: documents.jsonl counts ${n} records, no file holds them (written with --tables?)`);

  // The README's tour, on every layout that has what a query reads.
  let queries = [];
  try { queries = readmeQueries(opts.readme); } catch (e) { fail(e.message); }
  if (queries.length) say(`\nREADME queries (${path.relative(process.cwd(), opts.readme) || opts.readme}): ${queries.length}`);
  for (const [i, q] of queries.entries()) {
    const needed = parquetTypes(q.sql);
    const layouts = needed.length ? ['flat', 'hive'] : ['-'];
    let ran = 0;
    const results = {};
    for (const L of layouts) {
      const a = adaptQuery(q.sql, L, sources, dir);
      if (a.missing) continue;
      ran++;
      const label = `query ${i + 1}${L === '-' ? '' : ' [' + L + ']'} (${q.title || 'untitled'})`;
      try {
        const r = await run(a.sql);
        results[L] = r.rows.map((row) => JSON.stringify(row)).sort().join('\n');
        if (r.rows.length === 0 && !opts.allowEmpty) fail(`${label}: no rows`);
        else ok(`${label}: ${r.rows.length} rows`);
        if (!opts.quiet && r.rows.length) {
          console.log(formatTable(r.columns, r.rows.slice(0, opts.maxRows)));
          if (r.rows.length > opts.maxRows) console.log(`  … ${r.rows.length - opts.maxRows} more`);
        }
      } catch (e) {
        fail(`${label}: ${e.message.split('\n')[0]}\n${a.sql.replace(/^/gm, '        ')}`);
      }
    }
    if (ran === 0) fail(`query ${i + 1} (${q.title}): reads ${needed.join(', ')}, not in ${dir}`);
    if (results.flat !== undefined && results.hive !== undefined && results.flat !== results.hive) {
      warn(`query ${i + 1}: flat and hive give different rows (ties under LIMIT can do that; otherwise the layouts disagree)`);
    }
  }

  con.closeSync?.();
  console.log(`\nduckcheck: ${passed} passed, ${failed} failed${warned ? `, ${warned} warnings` : ''}`);
  return failed ? 1 : 0;
}

// ---------------------------------------------------------------- make-hive

// A reference partitioned layout from a flat one, written by DuckDB itself:
// HIVEDIR/<type>/fiscal_year=<y>/part-0.parquet (and .jsonl, lines as they
// were), documents.jsonl and issues.jsonl copied. --null-year-doc gives the
// records of the documents whose doc_id starts with PREFIX no year, to
// exercise the default partition.
async function makeHive(opts) {
  const src = path.resolve(opts.src), dst = path.resolve(opts.dst);
  fs.mkdirSync(dst, { recursive: true });
  if (fs.readdirSync(dst).length) { console.error(`duckcheck make-hive: ${dst} is not empty`); return 2; }
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const nullIf = opts.nullYearDoc ? ` REPLACE (CASE WHEN starts_with(doc_id, ${sq(opts.nullYearDoc)}) THEN NULL ELSE fiscal_year END AS fiscal_year)` : '';
  let n = 0;
  for (const name of fs.readdirSync(src).sort()) {
    const full = path.join(src, name);
    if (name.endsWith('.parquet')) {
      const t = name.slice(0, -8);
      await con.run(`COPY (SELECT *${nullIf} FROM read_parquet(${sq(full)})) TO ${sq(path.join(dst, t))}
        (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (fiscal_year), WRITE_PARTITION_COLUMNS ${opts.keep ? 'true' : 'false'}, FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE true)`);
      n++;
    } else if (name.endsWith('.jsonl') && INDEX_FILES.has(name.slice(0, -6))) {
      fs.copyFileSync(full, path.join(dst, name));
    } else if (name.endsWith('.jsonl')) {
      const t = name.slice(0, -6);
      const parts = new Map();
      for (const line of fs.readFileSync(full, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const rec = JSON.parse(line);
        let out = line, y = rec.fiscal_year;
        if (opts.nullYearDoc && String(rec.doc_id).startsWith(opts.nullYearDoc)) {
          out = line.replace(/"fiscal_year":\s*-?\d+/, '"fiscal_year":null'); y = null;
        }
        const k = y === null || y === undefined ? '__HIVE_DEFAULT_PARTITION__' : String(y);
        if (!parts.has(k)) parts.set(k, []);
        parts.get(k).push(out);
      }
      for (const [k, lines] of parts) {
        const d = path.join(dst, t, `fiscal_year=${k}`);
        fs.mkdirSync(d, { recursive: true });
        fs.writeFileSync(path.join(d, 'part-0.jsonl'), lines.join('\n') + '\n');
      }
    }
  }
  console.log(`duckcheck make-hive: ${n} table types → ${dst} (fiscal_year ${opts.keep ? 'kept inside the files' : 'in the path only'})`);
  return 0;
}

// ---------------------------------------------------------------- main

function usage(msg) {
  if (msg) console.error(`duckcheck: ${msg}`);
  console.error(USAGE);
  return 2;
}

async function main(argv) {
  let cmd = 'check';
  if (argv[0] === 'check' || argv[0] === 'make-hive') cmd = argv.shift();
  if (argv.includes('-h') || argv.includes('--help')) { console.log(USAGE); return 0; }
  const pos = [];
  const opts = { expect: {}, layout: 'any', readme: DEFAULT_README, allowEmpty: false, maxRows: 10, quiet: false, keep: false, nullYearDoc: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    try {
      if (a === '--expect-rows') {
        for (const kv of val().split(',')) {
          const m = kv.match(/^([A-Za-z0-9_]+)=(\d+)$/);
          if (!m) return usage(`--expect-rows: ${kv}: want TYPE=N`);
          opts.expect[m[1]] = Number(m[2]);
        }
      } else if (a === '--layout') {
        opts.layout = val();
        if (!['flat', 'hive', 'any'].includes(opts.layout)) return usage(`--layout: ${opts.layout}: want flat, hive or any`);
      } else if (a === '--readme') opts.readme = path.resolve(val());
      else if (a === '--allow-empty') opts.allowEmpty = true;
      else if (a === '--rows') opts.maxRows = Number(val());
      else if (a === '-q' || a === '--quiet') opts.quiet = true;
      else if (a === '--keep-partition-column' && cmd === 'make-hive') opts.keep = true;
      else if (a === '--null-year-doc' && cmd === 'make-hive') opts.nullYearDoc = val();
      else if (a.startsWith('-') && a !== '-') return usage(`unknown flag ${a}`);
      else pos.push(a);
    } catch (e) { return usage(e.message); }
  }
  if (cmd === 'make-hive') {
    if (pos.length !== 2) return usage('make-hive wants FLATDIR HIVEDIR');
    return makeHive({ ...opts, src: pos[0], dst: pos[1] });
  }
  if (pos.length !== 1) return usage('want one OUTDIR');
  return check({ ...opts, outdir: pos[0] });
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  console.error(`duckcheck: ${e.stack || e}`);
  process.exitCode = 1;
});
