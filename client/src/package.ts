/**
 * Entry of the npm build (liveviews-client): every lazily loaded module is registered up front, then the client boots
 * as the served one does (index.ts), without fetching anything. The types are index.ts's.
 */
import './modules/navigation';
import './modules/components';
import './modules/forms';
import './modules/upload';
import './modules/rate-limit';
import './modules/optimistic';
import './modules/streams';
import './index';
