/**
 * The client's lazily loaded modules (docs/protocol.md, "Client modules"). What every page loads first is the core
 * (joining, events, the outbox, patching); each module below is fetched the first time a page shows it needs it, from
 * `/_lv/liveview-NAME.js`, which registers its exports here when it runs. The npm build (client/src/package.ts)
 * registers them all up front, so there nothing is fetched and nothing waits.
 */
import { backoffMs } from './connection';

/** The modules by name, with what each provides (its entry is client/src/modules/NAME.ts). */
export interface Modules {
  /** Live navigation: `lv-patch`/`lv-navigate` links, patch and navigate effects, back and forward, flashes. */
  navigation: Pick<typeof import('./navigation'), 'createNavigator'>;
  /** Client hooks (`lv-hook`) and live components (`data-lv-c`): their events' routing and their patches. */
  components: Pick<typeof import('./hooks'), 'createHooks'> & Pick<typeof import('./components'), 'componentOf' | 'componentMeta' | 'patchComponents'>;
  /** Live forms: touched fields, a form's `lv-change` on typing and first blur, recovery of typed values after a rejoin. */
  forms: Pick<typeof import('./forms'), 'touchField' | 'formMeta' | 'formFields' | 'settleForm'> & Pick<typeof import('./form-recovery'), 'recoverForms'>;
  /** File uploads (`lv-upload`): upload.ts. */
  upload: Pick<typeof import('./upload'), 'attachUploads'>;
  /** Debounce and throttle. */
  'rate-limit': Pick<typeof import('./rate-limit'), 'createRateLimiter'>;
  /** Stream containers (`lv-stream`): op 7 (stream rows). */
  streams: Pick<typeof import('./streams'), 'stream'>;
  /** The optimistic layer: predictions, `lv-disable-with`, the pending log and its rebase, error flags. */
  optimistic: Pick<typeof import('./optimistic'), 'createPendingLog'> & Pick<typeof import('./predict'), 'predict' | 'disableWith'>
    & Pick<typeof import('./error-flags'), 'createErrorFlags'>;
}

export type ModuleName = keyof Modules;

/** The registry, on `window.LiveView.m`: shared by the core and the separately built modules. */
const registry = (): Partial<Modules> => ((window.LiveView ??= { hooks: {} }).m ??= {});

/** Registers a module's exports (a module's entry calls it when it runs). */
export const provide = <K extends ModuleName>(name: K, exports: Modules[K]) => {
  registry()[name] = exports;
};

/** The module if it has arrived, else undefined (without loading it). */
export const have = <K extends ModuleName>(name: K): Modules[K] | undefined => registry()[name];

const loading: Partial<Record<ModuleName, Promise<unknown>>> = {};
/** `document` and `location` under short local names the core shares (a minifier cannot rename globals). */
export const doc = document, loc = location;

/** The event an app hears every failure on (a handler's error, a lost event, a module that failed to load). */
export const LV_ERROR = 'lv:error';

/**
 * Resolves with module `name` once it has arrived, fetching its script (`/_lv/liveview-NAME.js`) the first time (later calls share that fetch).
 * A failed fetch (network, 404, a script that did not register) is logged and reported as `lv:error` on the document
 * (detail `{ message }`), then retried with the reconnect backoff (250 ms doubling up to 5 s) until it arrives: what
 * waits for it is kept meanwhile, never dropped.
 */
export function need<K extends ModuleName>(name: K): Promise<Modules[K]> {
  return (loading[name] ??= (async () => {
    for (let attempt = 0; !have(name); attempt++) {
      if (attempt) {
        const message = `lv: module ${name} failed to load; retrying`;
        console.error(message);
        doc.dispatchEvent(new CustomEvent(LV_ERROR, { detail: { message } }));
        await new Promise(r => setTimeout(r, backoffMs(attempt - 1)));
      }
      await new Promise(done => {
        const script = doc.head.appendChild(doc.createElement('script'));
        script.onload = script.onerror = () => done(script.remove());
        script.src = `/_lv/liveview-${name}.js`;
      });
    }
    return have(name);
  })()) as Promise<Modules[K]>;
}
