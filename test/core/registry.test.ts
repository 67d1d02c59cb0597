import { describe, expect, it } from 'vitest';
import { HebbError } from '../../src-main/core/errors';
import { makeRegistry, orList } from '../../src-main/core/registry';
import { exportFormatIds, exporters } from '../../src-main/export/formats/registry';
import { lossIds, losses } from '../../src-main/engine/train/losses/registry';
import { createOptimizer, optimizerIds, optimizers } from '../../src-main/engine/train/optimizers/registry';
import { scheduleIds, schedules } from '../../src-main/engine/train/schedules/registry';

describe('makeRegistry', () => {
  const reg = makeRegistry('colour', [{ id: 'red', name: 'Red', describe: 'r' }, { id: 'blue', name: 'Blue', describe: 'b' }]);
  it('finds by id and lists ids in order', () => {
    expect(reg.ids()).toEqual(['red', 'blue']);
    expect(reg.find('blue')?.name).toBe('Blue');
    expect(reg.find('green')).toBeUndefined();
  });
  it('refuses an unknown id with INVALID_ARGUMENT naming the field and the allowed ids', () => {
    const err = (() => { try { reg.require('green', 'tint'); } catch (e) { return e; } })() as HebbError;
    expect(err).toBeInstanceOf(HebbError);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toBe('tint must be red or blue (got green)');
    expect(err.detail).toEqual({ field: 'tint', allowed: ['red', 'blue'] });
  });
  it('refuses duplicate ids at load', () => {
    expect(() => makeRegistry('x', [{ id: 'a', name: 'A', describe: '' }, { id: 'a', name: 'A2', describe: '' }])).toThrow(/duplicate/);
  });
  it('words lists as the error messages do', () => {
    expect([orList([]), orList(['a']), orList(['a', 'b']), orList(['a', 'b', 'c'])]).toEqual(['', 'a', 'a or b', 'a, b or c']);
  });
});

describe('the registries', () => {
  it('list the ids the app has always offered, in the order the UI shows them', () => {
    expect(optimizerIds()).toEqual(['sgd', 'momentum', 'adam', 'rmsprop']);
    expect(scheduleIds()).toEqual(['constant', 'step', 'exponential', 'cosine']);
    expect(lossIds()).toEqual(['categoricalCrossentropy', 'meanSquaredError']);
    expect(exportFormatIds()).toEqual(['tfjs', 'onnx', 'keras', 'tflite']);
  });
  it('give every entry a name and a description', () => {
    for (const d of [...optimizers.all, ...schedules.all, ...losses.all, ...exporters.all]) {
      expect(d.name.length, d.id).toBeGreaterThan(0);
      expect(d.describe.length, d.id).toBeGreaterThan(0);
    }
  });
  it('build each optimizer under its tfjs class name', () => {
    const names = optimizerIds().map((id) => { const o = createOptimizer(id, 0.01); const n = o.getClassName(); o.dispose(); return n; });
    expect(names).toEqual(['SGD', 'Momentum', 'Adam', 'RMSProp']);
  });
  it('refuses an unknown optimizer naming the choices', () => {
    expect(() => createOptimizer('lion' as never, 0.01)).toThrow('optimizer must be sgd, momentum, adam or rmsprop (got lion)');
  });
});
