/** Entry of the live-forms module (served as /_lv/liveview-forms.js; see loader.ts). */
import { recoverForms } from '../form-recovery';
import { formFields, formMeta, settleForm, touchField } from '../forms';
import { provide } from '../loader';

provide('forms', { touchField, formMeta, formFields, settleForm, recoverForms });
