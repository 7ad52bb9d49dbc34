import { setUpForgetButton } from './key.js';
import { setUpLookupForm } from './lookup.js';
import { setUpSendForm } from './send.js';
import { setUpCopyButton } from './tracking.js';

const showStory = setUpLookupForm();
setUpSendForm(showStory);
setUpCopyButton();
setUpForgetButton();
