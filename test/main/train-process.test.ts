// Training in a utilityProcess: the worker client drives a forked (fake) utility process through the WorkerLike adapter.
import { expect, it, vi } from 'vitest';
import { FakeUtilityProcess, utilityProcess } from '../fakes/electron';
import { builtWorkerEntry, utilityWorkerFactory } from '../../src-main/ipc/train-process';
import { startTrainingWorker } from '../../src-main/engine/train/worker-client';
import type { TrainConfig } from '#contract/engine';

const config = { data: '/data/pets', arch: 'cnn-small', epochs: 2 } as unknown as TrainConfig;

it('forks the built worker entry and relays messages both ways', async () => {
  const entry = builtWorkerEntry('/app/out/main');
  expect(entry).toBe('/app/out/main/train-worker.js');
  const events: unknown[] = [];
  const h = startTrainingWorker(config, (e) => events.push(e), { runDir: '/tmp/runs/r1', createWorker: utilityWorkerFactory(utilityProcess, entry) as never });
  const child = utilityProcess.fork.mock.results.at(-1)!.value as FakeUtilityProcess;
  expect(child.modulePath).toBe(entry);
  expect(child.options).toMatchObject({ serviceName: 'Hebb Studio engine' });
  expect(child.posted[0]).toMatchObject({ kind: 'start', config, target: { runDir: '/tmp/runs/r1' } });
  h.pause();
  expect(child.posted[1]).toEqual({ kind: 'pause' });
  child.emit('message', { kind: 'event', event: { type: 'epoch', epoch: 1 } });
  child.emit('message', { kind: 'event', event: { type: 'end', status: 'completed', runDir: '/tmp/runs/r1' } });
  await expect(h.done).resolves.toMatchObject({ status: 'completed' });
  expect(events.map((e: any) => e.type)).toEqual(['epoch', 'end']);
  expect(child.killed).toBe(true);
  h.stop();
  expect(child.posted).toHaveLength(2); // nothing sent after the end
});

it('reports a crashed utility process as a failed run', async () => {
  const onEvent = vi.fn();
  const h = startTrainingWorker(config, onEvent, { runDir: '/tmp/runs/r2', createWorker: utilityWorkerFactory(utilityProcess, '/x/train-worker.js') as never });
  const child = utilityProcess.fork.mock.results.at(-1)!.value as FakeUtilityProcess;
  child.emit('exit', 9);
  await expect(h.done).resolves.toMatchObject({ status: 'failed', error: { code: 'TRAINING_FAILED' } });
  expect(onEvent).toHaveBeenCalledWith(expect.objectContaining({ type: 'end', status: 'failed' }));
  h.resume();
  expect(child.posted).toHaveLength(1);
});
