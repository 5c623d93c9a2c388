/** Entry of the navigation module (served as /_lv/liveview-navigation.js; see loader.ts). */
import { provide } from '../loader';
import { createNavigator } from '../navigation';

provide('navigation', { createNavigator });
