export function freePort(): Promise<number>;
export function ensureDir(dir: string): string;
export function ensureDatabase(opts: { port: number; database: string; template?: string }): Promise<void>;
export function startPostgres(opts: {
  dataDir: string;
  port?: number;
  database?: string;
  persistent?: boolean;
}): Promise<{ url: string; port: number; stop: () => Promise<void> }>;
export function findRedisServer(): string | null;
export class RedisMissingError extends Error {
  constructor(message?: string);
}
export function ensureRedisServer(opts?: { purpose?: string }): string;
/** Debian's fonts-noto-cjk for the PDFs: true when present or installed, false (with a warning) when it cannot be. */
export function ensurePdfFonts(opts?: { purpose?: string }): boolean;
export function startRedis(opts?: { port?: number; dataDir?: string; purpose?: string }): Promise<{
  url: string;
  port: number;
  pid: number;
  process: import('node:child_process').ChildProcess;
  stop: () => Promise<void>;
}>;
