// An object with a few more fields, for the objects a build keeps one of per
// translation. Node 20's V8, once the code is optimized, gives every
// `{...object, more}` its own hidden class (about 250 bytes each, and code
// reading thousands of them then looks their fields up the slow way);
// Object.assign onto an empty object keeps the fields in the same order and
// shares one class among all of them (test/lib/extended.test.ts).

/** `{...object, ...more}`, made so that objects of the same fields share their V8 hidden class. */
export function extended<T extends object, U extends object>(object: T, more: U): T & U {
  return Object.assign({}, object, more)
}
