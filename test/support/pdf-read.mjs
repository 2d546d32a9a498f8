// Reads a PDF on stdin with pdf.js (through pdf-parse) in a plain Node process — pdf.js is ESM with dynamic
// imports that jest's CommonJS runtime cannot load. `text` prints the text; `png <file> <page> <scale>` renders.
import { writeFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
const [cmd, file, page = '1', scale = '1.5'] = process.argv.slice(2);
if (cmd === 'text') {
  process.stdout.write((await parser.getText()).text);
} else if (cmd === 'png') {
  const shot = await parser.getScreenshot({ partial: [Number(page)], scale: Number(scale) });
  writeFileSync(file, Buffer.from(shot.pages[0].data));
} else {
  throw new Error(`unknown command ${cmd}`);
}
await parser.destroy();
