/**
 * Reading generated PDFs back in tests: the text a reader would copy out of it, and a page rendered to PNG
 * (pdf.js through pdf-parse, in a child process: see pdf-read.mjs) to look at under test/artifacts/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const SCRIPT = path.join(__dirname, 'pdf-read.mjs');

function run(pdf: Buffer, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString('utf8'))
        : reject(new Error(`pdf-read ${args[0]} failed (${code}): ${Buffer.concat(err).toString('utf8')}`)),
    );
    child.stdin.end(pdf);
  });
}

/** The document's text as pdf.js extracts it (pages separated by "-- n of m --" lines). */
export function pdfText(pdf: Buffer): Promise<string> {
  return run(pdf, ['text']);
}

/** Renders page `page` (1-based) to `test/artifacts/<name>.png` and returns the file's path. */
export async function pdfPagePng(pdf: Buffer, name: string, page = 1, scale = 1.5): Promise<string> {
  const dir = path.join(__dirname, '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await run(pdf, ['png', file, String(page), String(scale)]);
  return file;
}
