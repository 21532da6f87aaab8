/**
 * One AsyncLocalStorage for every workflow in a worker context, standing in for the many the SDK
 * and the tracing interceptors create.
 *
 * Why: Node (20) copies the store of every enabled AsyncLocalStorage onto every promise created
 * anywhere in the thread. The SDK creates two or three storages per workflow (cancellation scope,
 * update scope, event groups) and the tracing interceptors one more, and a cached workflow keeps
 * them enabled. With 350 open cases a promise cost about 87 µs instead of 0.3 (docs/benchmarks.md),
 * so every action got slower the more cases were open.
 *
 * How: the bundle rewrites each read of the sandbox's AsyncLocalStorage global to this class
 * (workflow-bundle.ts). Each instance keeps its value in a frame (a small map from instance to
 * value) held by a single host storage, the way Node 22's async context frames do it. Running,
 * reading, exiting and disabling behave as Node's AsyncLocalStorage does for one instance.
 */

/** The part of Node's AsyncLocalStorage the host storage needs. */
export interface HostAsyncLocalStorage<T> {
  getStore(): T | undefined;
  run<R>(store: T, callback: (...args: unknown[]) => R, ...args: unknown[]): R;
  enterWith(store: T): void;
}

type Frame = ReadonlyMap<object, unknown>;
type HostClass = new (name?: string) => HostAsyncLocalStorage<Frame>;

/** The name under which the sandbox finds the class; the bundle's define and the preload share it. */
export const SHARED_ASYNC_LOCAL_STORAGE_GLOBAL = '__FENGQIAO_ASYNC_LOCAL_STORAGE__';

/**
 * Builds the class over one host storage. Kept in this closure (not on the class) because the SDK
 * deep-freezes what shared modules export, and a frozen host storage could not enable itself.
 */
export function multiplexedAsyncLocalStorage(Host: HostClass) {
  const host = new Host('fengqiao-shared');
  const EMPTY: Frame = new Map();
  const current = (): Frame => host.getStore() ?? EMPTY;
  const withValue = (frame: Frame, key: object, value: unknown): Frame => new Map(frame).set(key, value);
  const without = (frame: Frame, key: object): Frame => {
    const next = new Map(frame);
    next.delete(key);
    return next;
  };

  return class AsyncLocalStorage<T> {
    // A disabled storage reads undefined until it is next run or entered, as Node's does.
    private enabled = true;

    constructor(readonly name = 'anonymous') {}

    getStore(): T | undefined {
      return this.enabled ? (current().get(this) as T | undefined) : undefined;
    }

    run<R>(store: T, callback: (...args: unknown[]) => R, ...args: unknown[]): R {
      this.enabled = true;
      return host.run(withValue(current(), this, store), callback, ...args);
    }

    exit<R>(callback: (...args: unknown[]) => R, ...args: unknown[]): R {
      return host.run(without(current(), this), callback, ...args);
    }

    enterWith(store: T): void {
      this.enabled = true;
      host.enterWith(withValue(current(), this, store));
    }

    disable(): void {
      this.enabled = false;
    }
  };
}

/**
 * Installs the class in the workflow sandbox, once per worker context (called by the bundle's
 * preload). The sandbox's own AsyncLocalStorage, Node's with the SDK's clean-up, is the host.
 */
export function installSharedAsyncLocalStorage(sandbox: object): void {
  const Host = Reflect.get(sandbox, 'AsyncLocalStorage') as HostClass | undefined;
  if (Host === undefined || Reflect.has(sandbox, SHARED_ASYNC_LOCAL_STORAGE_GLOBAL)) return;
  Object.defineProperty(sandbox, SHARED_ASYNC_LOCAL_STORAGE_GLOBAL, {
    value: multiplexedAsyncLocalStorage(Host),
    writable: false,
    enumerable: false,
    configurable: false,
  });
}
