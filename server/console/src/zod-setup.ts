/**
 * Imported first by main.tsx, before any schema is built: zod compiles object parsers with `new Function` unless
 * told not to, and the console's Content-Security-Policy (server/app.ts) allows no eval.
 */
import { z } from 'zod';

z.config({ jitless: true });
