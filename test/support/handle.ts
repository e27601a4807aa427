/**
 * A handle to an object a hook creates later (beforeAll): declared at the top of a test file, it reads through to
 * the object once it exists, and says so plainly if read before.
 */
export function handleTo<T extends object>(current: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const object = current();
      if (object === undefined) throw new Error(`${what}.${String(key)} read before its beforeAll hook ran`);
      const value: unknown = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
