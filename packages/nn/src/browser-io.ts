/**
 * Browser helpers for safetensors: keep a state dict in IndexedDB, and download it as a file. They
 * touch only `indexedDB`, `document`, `Blob` and `URL` when called, so the package still imports in
 * Node (where `saveFile` / `loadFile` of `@tsgrad/nn/node-io` do the same jobs).
 *
 * Loading a file the user picked or dropped needs no helper, since `loadSafetensors` takes an
 * `ArrayBuffer`: `model.loadStateDict(loadSafetensors(await file.arrayBuffer()))`.
 *
 * What IndexedDB holds is the safetensors bytes themselves (a `Uint8Array`), so a saved model is
 * the same file a download gives, and loads in PyTorch with the same names.
 */
import { checkOptions, type OptionsSpec } from "@tsgrad/core";
import type { StateDict, StateDictLike } from "./module.js";
import { loadSafetensors, saveSafetensors } from "./safetensors.js";

/** Where in IndexedDB {@link saveToIndexedDB} and {@link loadFromIndexedDB} keep state dicts. */
export interface IndexedDBOptions {
  /** The database (default `"tsgrad"`). */
  dbName?: string;
  /** The object store in it (default `"safetensors"`); created when missing. */
  storeName?: string;
}

const IDB_SPEC: OptionsSpec<IndexedDBOptions> = { dbName: "string", storeName: "string" };
const where = (o: IndexedDBOptions) => [o.dbName ?? "tsgrad", o.storeName ?? "safetensors"] as const;

function idbFactory(op: string): IDBFactory {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) {
    throw new Error(
      `${op}(): indexedDB is not available here (it is a browser API); in Node, use saveFile / loadFile from @tsgrad/nn/node-io`,
    );
  }
  return factory;
}

function checkKey(op: string, key: unknown): string {
  if (typeof key !== "string" || key === "") {
    throw new TypeError(
      `${op}(): key must be a non-empty string, but got ${JSON.stringify(key) ?? String(key)}`,
    );
  }
  return key;
}

const done = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/** Opens `dbName`, creating `storeName` in it (one version up) when it does not exist yet. */
async function openStore(factory: IDBFactory, dbName: string, storeName: string): Promise<IDBDatabase> {
  const open = (version?: number): Promise<IDBDatabase> => {
    const request = factory.open(dbName, version);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName);
    };
    return done(request);
  };
  const db = await open();
  if (db.objectStoreNames.contains(storeName)) return db;
  const version = db.version + 1;
  db.close();
  return open(version);
}

async function withStore<T>(
  factory: IDBFactory,
  [dbName, storeName]: readonly [string, string],
  mode: IDBTransactionMode,
  use: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openStore(factory, dbName, storeName);
  try {
    const tx = db.transaction(storeName, mode);
    const result = await done(use(tx.objectStore(storeName)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    return result;
  } finally {
    db.close();
  }
}

/**
 * Saves `stateDict` under `key` in the browser's IndexedDB, as safetensors bytes (replacing what
 * the key held). Resolves when the write is committed. PyTorch has no equivalent (the nearest is
 * `safetensors.torch.save_file` to a path).
 *
 * @example
 * // (not run: needs a browser's IndexedDB)
 * await saveToIndexedDB(model.stateDict(), "my-model");
 * // later, or after a reload:
 * model.loadStateDict(await loadFromIndexedDB("my-model"));
 */
export function saveToIndexedDB(
  stateDict: StateDictLike,
  key: string,
  options?: IndexedDBOptions,
  metadata?: Record<string, string>,
): Promise<void> {
  checkKey("saveToIndexedDB", key);
  const o = checkOptions("saveToIndexedDB", options, IDB_SPEC, 3);
  const factory = idbFactory("saveToIndexedDB");
  const bytes = saveSafetensors(stateDict, metadata);
  return withStore(factory, where(o), "readwrite", (store) => store.put(bytes, key)).then(() => undefined);
}

/**
 * Reads the state dict saved under `key` by {@link saveToIndexedDB}; rejects with an Error naming
 * the key when nothing is saved there.
 *
 * @example
 * // (not run: needs a browser's IndexedDB)
 * model.loadStateDict(await loadFromIndexedDB("my-model"));
 */
export function loadFromIndexedDB(key: string, options?: IndexedDBOptions): Promise<StateDict> {
  checkKey("loadFromIndexedDB", key);
  const o = checkOptions("loadFromIndexedDB", options, IDB_SPEC, 2);
  const factory = idbFactory("loadFromIndexedDB");
  return withStore<unknown>(factory, where(o), "readonly", (store) => store.get(key)).then((value) => {
    if (value === undefined) {
      throw new Error(
        `loadFromIndexedDB(): nothing is saved under key '${key}' in IndexedDB database '${where(o)[0]}' (store '${where(o)[1]}')`,
      );
    }
    if (!(value instanceof Uint8Array) && !(value instanceof ArrayBuffer)) {
      throw new Error(`loadFromIndexedDB(): key '${key}' holds something other than safetensors bytes`);
    }
    return loadSafetensors(value);
  });
}

/**
 * Offers `stateDict` to the user as a `.safetensors` file download (a Blob URL on a clicked
 * `<a download>`). The file loads in PyTorch with `safetensors.torch.load_file` and the same names.
 *
 * @example
 * // (not run: needs a browser page)
 * downloadButton.onclick = () => downloadSafetensors(model.stateDict(), "spiral-mlp.safetensors");
 */
export function downloadSafetensors(
  stateDict: StateDictLike,
  filename = "model.safetensors",
  metadata?: Record<string, string>,
): void {
  const doc = (globalThis as { document?: Document }).document;
  if (doc === undefined) {
    throw new Error(
      "downloadSafetensors(): there is no document here (it needs a page); in a worker, post saveSafetensors(stateDict) to the page, and in Node use saveFile from @tsgrad/nn/node-io",
    );
  }
  if (typeof filename !== "string" || filename === "") {
    throw new TypeError(
      `downloadSafetensors(): filename must be a non-empty string, but got ${String(filename)}`,
    );
  }
  const bytes = saveSafetensors(stateDict, metadata);
  const url = URL.createObjectURL(
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }),
  );
  const a = doc.createElement("a");
  a.href = url;
  a.download = filename;
  a.style.display = "none";
  doc.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once it started; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
