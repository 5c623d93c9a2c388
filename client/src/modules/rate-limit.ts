/** Entry of the debounce/throttle module (served as /_lv/liveview-rate-limit.js; see loader.ts). */
import { provide } from '../loader';
import { createRateLimiter } from '../rate-limit';

provide('rate-limit', { createRateLimiter });
