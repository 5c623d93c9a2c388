/** Entry of the streams module (served as /_lv/liveview-streams.js; see loader.ts). */
import { provide } from '../loader';
import { stream } from '../streams';

provide('streams', { stream });
