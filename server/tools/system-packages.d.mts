export const WHY: Record<string, string>;
export function which(name: string, envPath?: string): string | null;
export function dpkgInstalled(pkg: string): boolean;
export function manualCommand(packages: string[]): string;
export type AptPlan =
  { kind: 'none' } | { kind: 'run'; prefix: string[]; message: string } | { kind: 'error'; message: string };
export function planAptInstall(opts: {
  packages: string[];
  purpose: string;
  uid: number;
  hasAptGet: boolean;
  hasSudo: boolean;
  autoInstall?: boolean;
  alternative?: string;
}): AptPlan;
export class SystemPackageError extends Error {
  constructor(message: string);
}
export function installAptPackages(packages: string[], opts?: { purpose?: string; alternative?: string }): void;
