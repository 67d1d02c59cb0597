// The worker boundary: a message that is not one of ToWorker's shapes is answered as data naming the field (a task
// gets its error result, a start its failed end event) and never reaches the job.
import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '#contract/worker';
import { FromWorkerSchema } from '#contract/worker';
import { serveTraining, type WorkerPort } from '../../src-main/worker/train-worker';

function fakePort() {
  const sent: FromWorker[] = [];
  let handler: ((m: ToWorker) => void) | null = null;
  const port: WorkerPort = { post: (m) => { sent.push(m); }, onMessage: (fn) => { handler = fn; } };
  return { port, sent, send: (m: unknown) => handler!(m as ToWorker) };
}

describe('training worker messages', () => {
  it('answers a malformed task with an INVALID_ARGUMENT result naming the field', async () => {
    const { port, sent, send } = fakePort();
    serveTraining(port);
    send({ kind: 'task', id: 7, request: { task: 'export', runDir: '/r', format: 'pdf', outDir: '/o' } });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'task-result', id: 7, result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
    expect(JSON.stringify(sent[0])).toContain('request.format');
  });

  it('ends a start whose config has a bad field as failed, before any training', () => {
    const { port, sent, send } = fakePort();
    serveTraining(port);
    send({ kind: 'start', config: { data: '/d', arch: 'mlp', learningRate: -1 }, target: { runDir: '/tmp/none' } });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'event', event: { type: 'end', status: 'failed', runDir: '/tmp/none', error: { code: 'INVALID_ARGUMENT' } } });
    expect(JSON.stringify(sent[0])).toContain('config.learningRate');
  });

  it('logs anything else it cannot read, and the parent side refuses a foreign shape', () => {
    const { port, sent, send } = fakePort();
    serveTraining(port);
    send({ kind: 'dance' });
    send(null);
    expect(sent.map((m) => m.kind)).toEqual(['log', 'log']);
    expect(FromWorkerSchema.safeParse({ kind: 'event', event: { type: 'party' } }).success).toBe(false);
    expect(FromWorkerSchema.safeParse({ kind: 'event', event: { type: 'epoch', epoch: 1 } }).success).toBe(true);
  });
});
