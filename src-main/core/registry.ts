/** The shape every registry of user choices shares (optimizers, schedules, losses, exporters): descriptors in order, found by id. */

import { HebbError } from './errors';

/** What every choice says about itself: the id users type and configs store, a name and one line for the UI and the CLI. */
export interface Described<Id extends string = string> {
  id: Id;
  name: string;
  describe: string;
}

export interface Registry<D extends Described> {
  /** The descriptors in the order the UI and the CLI list them. */
  readonly all: readonly D[];
  ids(): D['id'][];
  find(id: string): D | undefined;
  /** The descriptor for `id`, or INVALID_ARGUMENT naming `field` and the allowed ids. */
  require(id: string, field?: string): D;
}

/** "a, b, c or d": the allowed ids in the words the error messages use. */
export function orList(ids: readonly string[]): string {
  return ids.length < 2 ? ids.join('') : `${ids.slice(0, -1).join(', ')} or ${ids[ids.length - 1]}`;
}

/** `what` names the kind of choice in errors ('optimizer'); duplicate ids are a programming error, refused at load. */
export function makeRegistry<D extends Described>(what: string, entries: readonly D[]): Registry<D> {
  const byId = new Map(entries.map((d) => [d.id as string, d]));
  if (byId.size !== entries.length) throw new Error(`${what} registry: duplicate id`);
  const ids = () => entries.map((d) => d.id);
  return {
    all: entries,
    ids,
    find: (id) => byId.get(id),
    require(id, field = what) {
      const d = byId.get(id);
      if (!d) throw new HebbError('INVALID_ARGUMENT', `${field} must be ${orList(ids())} (got ${id})`, undefined, { field, allowed: ids() });
      return d;
    },
  };
}

/**
 * Compile-time check that a registry's ids and the contract's name type are the same set (the contract types the
 * configs and messages; the registry is what runs): `export type _ = Assert<SameIds<Ids, OptimizerName>>` fails to
 * compile while one side has a name the other lacks.
 */
export type SameIds<A extends string, B extends string> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Assert<T extends true> = T;
