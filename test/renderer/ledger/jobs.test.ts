import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLedgerJob, type LedgerJob } from '../../../renderer/features/ledger/jobs';
import { JobCancelled, startLedgerJob, type WorkerLike, type WorkerReply } from '../../../renderer/features/ledger/ledgerClient';
import { importLedger } from '../../../shared/ledger/import';
import { generateProvince } from '../../shared/ledger/generate';

const fx = (name: string) => ({ name, data: new Uint8Array(readFileSync(path.resolve('test/fixtures/ledger', name))) });

describe('ledger jobs (what the worker runs)', () => {
  it('export: builds and writes a ledger that imports cleanly', async () => {
    const r = await runLedgerJob({ kind: 'export', source: generateProvince({ seed: 2, collectives: 30 }) });
    if (r.kind !== 'export') throw new Error('wrong kind');
    expect(r.fileName).toBe('工作台账_上海_2017-2018.xlsx');
    expect(r.counts['创建集体名单']).toBe(30);
    expect((await importLedger(r.bytes)).ok).toBe(true);
  });

  it('validate: one result per file, with errors; progress runs over all files in order', async () => {
    const seen: number[] = [];
    const r = await runLedgerJob({ kind: 'validate', files: [fx('valid.xlsx'), fx('invalid-counts.xlsx')] }, { onProgress: (p) => seen.push(p.done / p.total) });
    if (r.kind !== 'validate') throw new Error('wrong kind');
    expect(r.files.map((f) => [f.name, f.ok, f.errors.length, f.checksumMatches])).toEqual([
      ['valid.xlsx', true, 0, true],
      ['invalid-counts.xlsx', false, 1, false],
    ]);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('aggregate: the summary workbook, or none when nothing is valid', async () => {
    const r = await runLedgerJob({ kind: 'aggregate', files: [fx('valid.xlsx'), fx('valid-jiangsu.xlsx')], generatedAt: '2018-05-01T00:00:00.000Z', appVersion: '0.1.0' });
    if (r.kind !== 'aggregate') throw new Error('wrong kind');
    expect(r.fileName).toBe('全国工作台账汇总_2017-2018.xlsx');
    expect(r.bytes).not.toBeNull();
    expect(r.result.units.length).toBe(2);
    const none = await runLedgerJob({ kind: 'aggregate', files: [fx('not-a-ledger.xlsx')], generatedAt: '', appVersion: '' });
    expect(none.kind === 'aggregate' && none.bytes).toBeNull();
  });
});

/** A stand-in for the Web Worker: runs the job in-process and replies asynchronously. */
function fakeWorker(behaviour: 'run' | 'hang' | 'crash' | 'fail') {
  const state = { terminated: false, posted: 0 };
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(job) {
      state.posted++;
      const reply = (msg: WorkerReply) => setTimeout(() => !state.terminated && worker.onmessage?.({ data: msg } as MessageEvent<WorkerReply>), 0);
      if (behaviour === 'hang') return;
      if (behaviour === 'crash') {
        setTimeout(() => worker.onerror?.({ message: 'out of memory' } as ErrorEvent), 0);
        return;
      }
      if (behaviour === 'fail') {
        reply({ type: 'error', message: '所选单位不存在' });
        return;
      }
      void runLedgerJob(job as LedgerJob, { onProgress: (progress) => reply({ type: 'progress', progress }) }).then((result) => reply({ type: 'done', result }));
    },
    terminate() {
      state.terminated = true;
    },
  };
  return { worker, state };
}

describe('the worker client', () => {
  it('passes progress and the result, then ends the worker', async () => {
    const { worker, state } = fakeWorker('run');
    const progress: string[] = [];
    const h = startLedgerJob({ kind: 'validate', files: [fx('valid.xlsx')] }, (p) => progress.push(p.phase), () => worker);
    const r = await h.result;
    expect(r.kind).toBe('validate');
    expect(progress.length).toBeGreaterThan(0);
    expect(state).toEqual({ terminated: true, posted: 1 });
  });

  it('cancel stops the worker at once and the job rejects with JobCancelled', async () => {
    const { worker, state } = fakeWorker('hang');
    const h = startLedgerJob({ kind: 'validate', files: [] }, () => {}, () => worker);
    h.cancel();
    await expect(h.result).rejects.toBeInstanceOf(JobCancelled);
    expect(state.terminated).toBe(true);
  });

  it('a failure in the job or a crashed worker rejects with a Chinese message', async () => {
    const fail = fakeWorker('fail');
    await expect(startLedgerJob({ kind: 'validate', files: [] }, () => {}, () => fail.worker).result).rejects.toThrow('所选单位不存在');
    expect(fail.state.terminated).toBe(true);
    const crash = fakeWorker('crash');
    await expect(startLedgerJob({ kind: 'validate', files: [] }, () => {}, () => crash.worker).result).rejects.toThrow('后台处理出错：out of memory');
  });
});
