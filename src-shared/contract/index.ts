/** The shared contract, re-exported: import types from here on every side. */
export type * from './api';
export type * from './dataset';
export type * from './engine';
export type * from './errors';
export type * from './export';
export type * from './memory';
export type * from './backbone';
export type * from './activations';
export type * from './project';
