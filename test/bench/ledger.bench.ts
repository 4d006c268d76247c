/**
 * Benchmark: ledger export of 20,000 collectives beside bare SheetJS writing the same cells in
 * the same run (goal: ledger ≤ 1.3 × bare). Prints figures; never asserts.
 * Run: npx tsx test/bench/ledger.bench.ts   (or from test/bench/run.ts via `benchLedger`).
 */
import { bareLedger } from '../../renderer/bench/bareLedger';
import { buildLedger } from '../../shared/ledger/build';
import { exportLedger } from '../../shared/ledger/export';
import { generateProvince } from '../shared/ledger/generate';
import { median } from './report';

export async function benchLedger(collectives = 20_000, rounds = 5): Promise<{ ledgerMs: number; bareMs: number; ratio: number; buildMs: number }> {
  const source = generateProvince({ collectives, subunits: 16 });
  let t = performance.now();
  const data = buildLedger(source);
  const buildMs = performance.now() - t;
  const ledger: number[] = [];
  const bare: number[] = [];
  // warm up both paths once, then alternate so neither gets a warmer JIT or GC state
  await exportLedger(data);
  bareLedger(data);
  for (let i = 0; i < rounds; i++) {
    t = performance.now();
    await exportLedger(data);
    ledger.push(performance.now() - t);
    t = performance.now();
    bareLedger(data);
    bare.push(performance.now() - t);
  }
  const ledgerMs = median(ledger);
  const bareMs = median(bare);
  return { ledgerMs, bareMs, ratio: ledgerMs / bareMs, buildMs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchLedger();
  console.log(`台账导出（20000 个集体）：${r.ledgerMs.toFixed(0)} ms；同一批单元格直接用 SheetJS 写出：${r.bareMs.toFixed(0)} ms；比值 ${r.ratio.toFixed(2)}（目标 ≤ 1.30）`);
  console.log(`另：由数据库记录整理台账行 ${r.buildMs.toFixed(0)} ms（不计入比值）`);
}
