// An object with a few more fields, for the objects a build keeps one of per
// release or translation until it ends. On Node 20 (V8 11.3), once the code
// is optimized, every `{...object, more}` gets a hidden class of its own
// (about 250 bytes each: 7 MB of the main thread's heap at 4,000 releases);
// Object.assign onto an empty object keeps the fields in the same order and
// shares one class among all of them (test/lib/extended.test.ts). A spread
// will do again once Node 20 is gone.

/** `{...object, ...more}`, where `more` adds fields `object` has not, made so that objects of the same fields share their hidden class. */
export function extended<T extends object, U extends object>(object: T, more: U): T & U {
  return Object.assign({}, object, more)
}
