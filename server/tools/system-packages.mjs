// The Debian packages that `npm start` and `npm test` need from the system (everything else comes from npm),
// installed on demand with apt-get so that the README's two commands work on a machine with only Node and apt.
// No npm package ships a prebuilt redis-server that installs offline (redis-memory-server downloads and compiles
// Redis' sources at install time), so Debian's redis-server it is.
//
// What happens when a package is missing (planAptInstall, a pure decision tested in system-packages.test.ts):
//   GENTOU_AUTO_INSTALL=0           → an error naming the exact command to run by hand
//   no apt-get on this machine      → the same error (not Debian)
//   root                            → apt-get update + install, non-interactive, one line saying what and why
//   passwordless sudo (`sudo -n`)   → the same through `sudo -n`
//   otherwise                       → the error naming `sudo apt-get install -y …`
// Parallel callers (jest workers, two `npm start`) take turns through flock(1) and re-check under the lock.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Why each package is needed, for the one-line message before installing it. */
export const WHY = {
  'redis-server': 'Redis：会话、任务队列 / Redis for sessions and job queues',
  chromium: '浏览器测试 / the console browser tests',
  'fonts-noto-cjk':
    '协议 PDF 与浏览器测试截图中的中文字体 / Chinese glyphs in agreement PDFs and the browser tests’ screenshots',
};

/** First executable named `name` on PATH (what `command -v` finds), or null. */
export function which(name, envPath = process.env.PATH ?? '') {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Whether Debian's package database says `pkg` is installed (false where there is no dpkg). */
export function dpkgInstalled(pkg) {
  if (!which('dpkg-query')) return false;
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && /install ok installed/.test(r.stdout);
}

/** The command a person would type to install `packages`. */
export const manualCommand = (packages) => `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;

/**
 * Decides how to install `packages`: `{ kind: 'none' }`, `{ kind: 'run', prefix, message }` (prefix: [] as root,
 * ['sudo', '-n'] with passwordless sudo) or `{ kind: 'error', message }` naming the command to run by hand.
 */
export function planAptInstall({ packages, purpose, uid, hasAptGet, hasSudo, autoInstall = true, alternative }) {
  if (packages.length === 0) return { kind: 'none' };
  const list = packages.join(' ');
  const why = packages.map((p) => `${p}（${WHY[p] ?? purpose}）`).join('、');
  const by = `${manualCommand(packages)}${alternative ? `  ${alternative}` : ''}`;
  const refuse = (zh, en) => ({
    kind: 'error',
    message: `${purpose} 需要 ${list}，${zh}。请运行 / Run:  ${by}   (${list} not found; ${en})`,
  });
  if (!autoInstall) return refuse('已关闭自动安装（GENTOU_AUTO_INSTALL=0）', 'automatic install is off');
  if (!hasAptGet) return refuse('本机没有 apt-get，无法自动安装', 'no apt-get here to install it with');
  if (uid !== 0 && !hasSudo)
    return refuse('不是 root 且没有免密 sudo，无法自动安装', 'not root and no passwordless sudo to install it with');
  return {
    kind: 'run',
    prefix: uid === 0 ? [] : ['sudo', '-n'],
    message: `正在用 apt-get 安装 ${why}… / Installing ${list} with apt-get (${purpose} needs it)…`,
  };
}

// Under the lock: skip what another process installed meanwhile, else update the lists and install.
const INSTALL_SCRIPT = [
  'missing=""',
  'for p in "$@"; do dpkg-query -W -f=\'${Status}\' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"; done',
  '[ -z "$missing" ] && exit 0',
  'apt-get update -qq && apt-get install -y -qq $missing',
].join('\n');

/** Whether `sudo -n` works here (sudo present and no password asked). */
function passwordlessSudo() {
  if (!which('sudo')) return false;
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

export class SystemPackageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SystemPackageError';
  }
}

/**
 * Installs the Debian `packages` that are missing (the caller decides what "missing" means: a binary not on
 * PATH, a package not in dpkg) or throws SystemPackageError naming the command to run by hand.
 * `purpose` names the command that needs them ("npm start", "npm test").
 */
export function installAptPackages(packages, { purpose, alternative } = {}) {
  const plan = planAptInstall({
    packages,
    purpose: purpose ?? 'gentou',
    uid: process.getuid?.() ?? -1,
    hasAptGet: Boolean(which('apt-get')),
    hasSudo: passwordlessSudo(),
    autoInstall: process.env.GENTOU_AUTO_INSTALL !== '0',
    alternative,
  });
  if (plan.kind === 'none') return;
  if (plan.kind === 'error') throw new SystemPackageError(plan.message);
  process.stderr.write(`${plan.message}\n`);
  const install = [
    ...plan.prefix,
    'env',
    'DEBIAN_FRONTEND=noninteractive',
    'sh',
    '-c',
    INSTALL_SCRIPT,
    'sh',
    ...packages,
  ];
  const argv = which('flock') ? ['flock', path.join(os.tmpdir(), 'gentou-apt.lock'), ...install] : install;
  // apt's own output goes to stderr, so that `npm start`'s stdout stays the product's log
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 2, 2] });
  if (r.status !== 0)
    throw new SystemPackageError(
      `apt-get 安装 ${packages.join(' ')} 失败（退出码 ${r.status ?? r.signal}）。请运行 / Run:  ${manualCommand(packages)}`,
    );
}
