import { AsyncLocalStorage as NodeAsyncLocalStorage } from 'node:async_hooks';
import { installSharedAsyncLocalStorage, multiplexedAsyncLocalStorage, SHARED_ASYNC_LOCAL_STORAGE_GLOBAL } from './workflow-async-context';

// Node's storages register themselves here when first run; the shared class must add only one.
const enabledStorages = (): number => {
  const probe = new NodeAsyncLocalStorage<number>();
  let n = 0;
  // Every enabled storage writes its symbol onto each new promise; count them on a fresh one.
  probe.run(1, () => {
    n = Object.getOwnPropertySymbols(Promise.resolve()).length;
  });
  probe.disable();
  return n - 1;
};

describe('the shared AsyncLocalStorage of the workflow sandbox', () => {
  const Shared = multiplexedAsyncLocalStorage(NodeAsyncLocalStorage);

  it('behaves as one storage per instance: nesting, awaits, exit, enterWith, disable', async () => {
    const a = new Shared<string>();
    const b = new Shared<string>();
    expect(a.getStore()).toBeUndefined();
    await a.run('a1', async () => {
      expect([a.getStore(), b.getStore()]).toEqual(['a1', undefined]);
      await b.run('b1', async () => {
        await Promise.resolve();
        expect([a.getStore(), b.getStore()]).toEqual(['a1', 'b1']);
        await a.run('a2', async () => {
          await new Promise((r) => setImmediate(r));
          expect([a.getStore(), b.getStore()]).toEqual(['a2', 'b1']);
        });
        expect(a.getStore()).toBe('a1');
        a.exit(() => expect([a.getStore(), b.getStore()]).toEqual([undefined, 'b1']));
      });
      expect(b.getStore()).toBeUndefined();
    });
    expect(a.getStore()).toBeUndefined();

    await a.run('outer', async () => {
      b.enterWith('entered');
      await Promise.resolve();
      expect([a.getStore(), b.getStore()]).toEqual(['outer', 'entered']);
      b.disable();
      expect(b.getStore()).toBeUndefined();
      b.run('again', () => expect(b.getStore()).toBe('again'));
    });
  });

  it('keeps concurrent flows apart', async () => {
    const scope = new Shared<number>();
    const seen = await Promise.all(
      [1, 2, 3].map((n) =>
        scope.run(n, async () => {
          await new Promise((r) => setTimeout(r, 4 - n));
          return scope.getStore();
        }),
      ),
    );
    expect(seen).toEqual([1, 2, 3]);
  });

  it('adds one Node storage however many instances run, where Node’s own add one each', () => {
    const before = enabledStorages();
    const Fresh = multiplexedAsyncLocalStorage(NodeAsyncLocalStorage);
    const shared = Array.from({ length: 50 }, () => new Fresh<number>());
    shared.forEach((s, i) => s.run(i, () => undefined));
    expect(enabledStorages() - before).toBe(1);

    const own = Array.from({ length: 50 }, () => new NodeAsyncLocalStorage<number>());
    own.forEach((s, i) => s.run(i, () => undefined));
    expect(enabledStorages() - before).toBe(51);
    own.forEach((s) => s.disable());
  });

  it('installs once in a sandbox, over the sandbox’s own class, and not where there is none', () => {
    const sandbox: Record<string, unknown> = { AsyncLocalStorage: NodeAsyncLocalStorage };
    installSharedAsyncLocalStorage(sandbox);
    const installed = sandbox[SHARED_ASYNC_LOCAL_STORAGE_GLOBAL] as typeof Shared;
    expect(typeof installed).toBe('function');
    installSharedAsyncLocalStorage(sandbox);
    expect(sandbox[SHARED_ASYNC_LOCAL_STORAGE_GLOBAL]).toBe(installed);
    const s = new installed<string>();
    expect(s.run('x', () => s.getStore())).toBe('x');

    const bare: Record<string, unknown> = {};
    installSharedAsyncLocalStorage(bare);
    expect(SHARED_ASYNC_LOCAL_STORAGE_GLOBAL in bare).toBe(false);
  });
});
