/**
 * What `npm start` and `npm test` do when a Debian package they need is missing (server/tools/system-packages.mjs):
 * the pure decision for every case (root, passwordless sudo, neither, no apt-get, turned off), then the real code
 * in a child process whose PATH hides the machine's binaries: a fake apt-get "installs" redis-server, and without
 * apt-get the error names the exact command. Nothing is installed or removed on this machine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const mod = (f: string) => JSON.stringify(path.join(root, 'server/tools', f));

/** Runs an ES module snippet in a child node (jest here does not load .mjs) with the given environment. */
function runModule(code: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { env, encoding: 'utf8', timeout: 20_000 });
}

describe('planAptInstall', () => {
  type Case = { name: string; uid: number; hasAptGet: boolean; hasSudo: boolean; autoInstall?: boolean };
  const cases: Case[] = [
    { name: 'root', uid: 0, hasAptGet: true, hasSudo: false },
    { name: 'sudo', uid: 1000, hasAptGet: true, hasSudo: true },
    { name: 'neither', uid: 1000, hasAptGet: true, hasSudo: false },
    { name: 'no apt-get', uid: 0, hasAptGet: false, hasSudo: false },
    { name: 'off', uid: 0, hasAptGet: true, hasSudo: true, autoInstall: false },
  ];
  const plans = (() => {
    const r = runModule(
      `import { planAptInstall } from ${mod('system-packages.mjs')};
       const cases = ${JSON.stringify(cases)};
       const out = {};
       for (const c of cases) out[c.name] = planAptInstall({ ...c, packages: ['redis-server'], purpose: 'npm start' });
       out.nothing = planAptInstall({ ...cases[0], packages: [], purpose: 'npm test' });
       out.two = planAptInstall({ ...cases[2], packages: ['chromium', 'fonts-noto-cjk'], purpose: 'npm test' });
       console.log(JSON.stringify(out));`,
      process.env,
    );
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as Record<string, { kind: string; prefix?: string[]; message?: string }>;
  })();

  it('installs as root directly and otherwise through passwordless sudo, saying what and why in both languages', () => {
    expect(plans.root).toEqual({
      kind: 'run',
      prefix: [],
      message: expect.stringMatching(/^正在用 apt-get 安装 redis-server（Redis.*Installing redis-server with apt-get/),
    });
    expect(plans.sudo).toMatchObject({ kind: 'run', prefix: ['sudo', '-n'] });
    expect(plans.nothing).toEqual({ kind: 'none' });
  });

  it('names the exact command when it cannot install (no root or sudo, no apt-get, turned off)', () => {
    for (const name of ['neither', 'no apt-get', 'off']) {
      expect(plans[name].kind).toBe('error');
      expect(plans[name].message).toContain('sudo apt-get update && sudo apt-get install -y redis-server');
      expect(plans[name].message).toMatch(/npm start 需要 redis-server/);
    }
    expect(plans.neither.message).toContain('不是 root 且没有免密 sudo');
    expect(plans['no apt-get'].message).toContain('本机没有 apt-get');
    expect(plans.off.message).toContain('GENTOU_AUTO_INSTALL=0');
    expect(plans.two.message).toContain('sudo apt-get install -y chromium fonts-noto-cjk');
  });
});

describe('ensureRedisServer with the binaries hidden', () => {
  let bin: string;
  let log: string;
  beforeEach(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gentou-fresh-'));
    bin = path.join(dir, 'bin');
    log = path.join(dir, 'apt.log');
    fs.mkdirSync(bin);
    // a PATH with a shell and env but no redis-server, no dpkg database and no flock
    for (const tool of ['sh', 'env', 'grep', 'ln']) fs.symlinkSync(`/usr/bin/${tool}`, path.join(bin, tool));
    const script = (name: string, body: string) =>
      fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    script('dpkg-query', 'exit 1');
    // stands in for a non-root developer's passwordless sudo (as root it is not called)
    script('sudo', '[ "$1" = -n ] && shift; exec "$@"');
    // "installs" redis-server by linking the real one into this PATH, and records how it was called
    script(
      'apt-get',
      `echo "$DEBIAN_FRONTEND apt-get $*" >> ${log}\ncase "$1" in install) ln -s ${JSON.stringify(realRedis())} ${bin}/redis-server;; esac`,
    );
  });

  const ensure = (env: NodeJS.ProcessEnv) =>
    runModule(
      `import { ensureRedisServer } from ${mod('services.mjs')};
       try { console.log(ensureRedisServer({ purpose: 'npm start' })); }
       catch (e) { console.log(e.name + ': ' + e.message); process.exit(1); }`,
      { HOME: os.tmpdir(), PATH: bin, ...env },
    );

  it('installs redis-server with apt-get, non-interactive, and says so on stderr', () => {
    const r = ensure({});
    expect(r.stderr).toContain('正在用 apt-get 安装 redis-server');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(path.join(bin, 'redis-server'));
    expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'noninteractive apt-get update -qq',
      'noninteractive apt-get install -y -qq redis-server',
    ]);
  });

  it('without apt-get, stops with the exact command to run', () => {
    fs.rmSync(path.join(bin, 'apt-get'));
    const r = ensure({});
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('RedisMissingError: npm start 需要 redis-server，本机没有 apt-get');
    expect(r.stdout).toContain('sudo apt-get update && sudo apt-get install -y redis-server');
    expect(r.stdout).toContain('REDIS_URL');
  });

  it('with GENTOU_AUTO_INSTALL=0, installs nothing and names the command', () => {
    const r = ensure({ GENTOU_AUTO_INSTALL: '0' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('sudo apt-get install -y redis-server');
    expect(fs.existsSync(log)).toBe(false);
  });
});

function realRedis(): string {
  // only linked by the fake apt-get; its existence is not needed by the decision
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p)) ?? '/bin/true';
}

describe('which runs install the browser packages (test/support/global-setup.mjs runSelects)', () => {
  it('the whole suite and runs naming browser tests do; unit-only and other runs do not', () => {
    const r = runModule(
      `import { runSelects } from ${JSON.stringify(path.join(root, 'test/support/global-setup.mjs'))};
       const files = ['test/console/business.int.test.ts'];
       const rootDir = ${JSON.stringify(root)};
       console.log(JSON.stringify([
         runSelects(files, { rootDir }),
         runSelects(files, { rootDir, patterns: ['test/console'] }),
         runSelects(files, { rootDir, patterns: ['business.int'] }),
         runSelects(files, { rootDir, patterns: ['server/tools/system-packages.test.ts'] }),
         runSelects(files, { rootDir, ignore: ['\\\\.int\\\\.test\\\\.ts$'] }),
       ]));
       process.exit(0);`,
      process.env,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([true, true, true, false, false]);
  });
});
