/* global window, document */
// Starts govuk-frontend's components (and MOJ Frontend's, where a page uses them).
// Loaded as a module, so browsers without ES module support run no JavaScript
// and get the pages as they work without it.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();

// A select marked data-module="app-autocomplete" becomes an accessible-autocomplete
// combobox (type "senior res" for Senior user researcher). The select stays in
// the form, hidden and kept in step, so the form posts the same value; without
// JavaScript (or the library) it stays a plain select.
const autocomplete = window.accessibleAutocomplete;
if (autocomplete) {
  for (const selectElement of document.querySelectorAll('select[data-module="app-autocomplete"]')) {
    autocomplete.enhanceSelectElement({
      selectElement,
      defaultValue: '',
      showAllValues: true,
      inputClasses: selectElement.classList.contains('govuk-select--error') ? 'govuk-input--error' : null,
    });
  }
}
