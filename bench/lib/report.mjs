// Shared helpers of the benchmarks: tables, machine facts, statistics, goal checks.
import { cpus, loadavg, totalmem } from 'node:os';

/** Prints a Markdown table (so it can be pasted into docs/benchmarks.md as is). */
export function printTable(title, headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(cells[0]));
  console.log(`| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const r of cells.slice(1)) console.log(line(r));
  console.log('');
}

/** CPU model, cores, memory, Node version, load average: printed with every set of numbers. */
export function machine() {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    load: loadavg().map((n) => n.toFixed(2)).join(' '),
  };
}

/** One line describing the machine. */
export function machineLine() {
  const m = machine();
  return `${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Node ${m.node}, ${m.platform}, load average ${m.load}`;
}

/** The q-quantile (0..1) of numbers, nearest rank. */
export function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** 'ok' or 'MISSED'; also records a miss so a bench run with --check exits non-zero. */
export function goal(met) {
  if (!met) misses += 1;
  return met ? 'ok' : 'MISSED';
}
let misses = 0;

/** Call at the end of a bench: with --check, a missed goal fails the process. */
export function finish() {
  if (misses && process.argv.includes('--check')) {
    console.error(`${misses} goal(s) missed`);
    process.exitCode = 1;
  }
}

export const fmtBytes = (n) => n.toLocaleString('en-US');
export const fmtKiB = (n) => `${(n / 1024).toFixed(1)} KiB`;
