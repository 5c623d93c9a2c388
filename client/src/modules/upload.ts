/** Entry of the upload module (served as /_lv/liveview-upload.js; see loader.ts). */
import { provide } from '../loader';
import { attachUploads } from '../upload';

provide('upload', { attachUploads });
