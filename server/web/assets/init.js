// Starts govuk-frontend's components (and MOJ Frontend's, where a page uses them).
// Loaded as a module, so browsers without ES module support run no JavaScript
// and get the pages as they work without it.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();
