// Every lazily loaded module is registered up front, as in the npm build (client/src/package.ts): the tests see the
// client as one synchronous unit. loader.test.ts takes modules away to test the waits.
import '../src/modules/navigation';
import '../src/modules/components';
import '../src/modules/forms';
import '../src/modules/upload';
import '../src/modules/rate-limit';
import '../src/modules/optimistic';
import '../src/modules/streams';
