/** Entry of the hooks module (served as /_lv/liveview-hooks.js; see loader.ts). */
import { createHooks } from '../hooks';
import { provide } from '../loader';

provide('hooks', { createHooks });
