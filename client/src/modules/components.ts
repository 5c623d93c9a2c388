/** Entry of the components module: client hooks and live components (served as /_lv/liveview-components.js; see loader.ts). */
import { componentMeta, componentOf, patchComponents } from '../components';
import { createHooks } from '../hooks';
import { provide } from '../loader';

provide('components', { createHooks, componentOf, componentMeta, patchComponents });
