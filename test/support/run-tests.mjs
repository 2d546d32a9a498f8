#!/usr/bin/env node
/**
 * npm test: jest over everything (arguments are passed on), then the test files that failed — at most MAX_RERUN of
 * them — once more, alone. A file that passes the second time is named as unsteady at the end, with its first
 * failures kept in test/artifacts/unsteady-<file>.txt, so an intermittent failure is seen and followed up rather than
 * hidden; a file that fails twice fails the run. More failed files than MAX_RERUN is a real breakage: no second run.
 *
 * Why: the browser suites drive chromium against the app on a shared CI machine, and an unlucky moment (a slow
 * paint, a toast that came and went) can fail one step on one run and never again. Playwright's own CI default is to
 * retry; this does the same at the level of a file, because our browser files are sequences of steps on one page.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MAX_RERUN = Number(process.env.TEST_MAX_RERUN ?? 3);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const artifacts = path.join(root, 'test/artifacts');
mkdirSync(artifacts, { recursive: true });
const jest = path.join(root, 'node_modules/.bin/jest');
const config = ['--config', '.config/jest.config.js'];

function run(args, resultsFile) {
  rmSync(resultsFile, { force: true });
  const res = spawnSync(jest, [...config, ...args, '--json', `--outputFile=${resultsFile}`], {
    cwd: root,
    stdio: 'inherit',
  });
  let results = null;
  try {
    results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {
    // jest did not get as far as writing its results (a configuration or global set-up error)
  }
  return { code: res.status ?? 1, results };
}

const first = run(process.argv.slice(2), path.join(artifacts, 'jest-results.json'));
if (first.code === 0 || !first.results) process.exit(first.code);

const failed = first.results.testResults.filter((f) => f.status === 'failed');
// a failure outside any file (coverage, a reporter) or too many failed files: report as it is
if (failed.length === 0 || failed.length > MAX_RERUN) {
  if (failed.length > MAX_RERUN)
    process.stdout.write(`\nnpm test: ${failed.length} files failed (more than ${MAX_RERUN}): not run again\n`);
  process.exit(first.code);
}

const rel = (f) => path.relative(root, f.name);
process.stdout.write(`\nnpm test: ${failed.length} file(s) failed; running each once more, alone:\n`);
for (const f of failed) process.stdout.write(`  ${rel(f)}\n`);
const unsteady = [];
let stillFailing = 0;
for (const f of failed) {
  const again = run([f.name], path.join(artifacts, 'jest-results-rerun.json'));
  if (again.code === 0) {
    unsteady.push(rel(f));
    writeFileSync(
      path.join(artifacts, `unsteady-${path.basename(f.name)}.txt`),
      `${rel(f)} failed on the first run and passed alone:\n\n${f.message}\n`,
    );
  } else stillFailing++;
}
if (unsteady.length)
  process.stdout.write(
    `\nnpm test: UNSTEADY — failed in the full run, passed alone (first failures in test/artifacts/unsteady-*.txt):\n${unsteady
      .map((u) => `  ${u}\n`)
      .join('')}`,
  );
process.stdout.write(
  stillFailing
    ? `\nnpm test: ${stillFailing} file(s) failed twice\n`
    : `\nnpm test: every test passed (${unsteady.length} file(s) on the second run)\n`,
);
process.exit(stillFailing ? 1 : 0);
