/** Entry of the optimistic module (served as /_lv/liveview-optimistic.js; see loader.ts). */
import { createErrorFlags } from '../error-flags';
import { provide } from '../loader';
import { createPendingLog } from '../optimistic';
import { disableWith, predict } from '../predict';

provide('optimistic', { createPendingLog, predict, disableWith, createErrorFlags });
