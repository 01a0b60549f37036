/* global document */
// Adds a "Copy link" button after a read-only input named by
// data-copy-target. Without JavaScript the input is there to select and copy.
for (const slot of document.querySelectorAll('[data-copy-target]')) {
  const input = document.getElementById(slot.getAttribute('data-copy-target'));
  if (!input || !navigator.clipboard) continue;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'govuk-button govuk-button--secondary';
  button.textContent = 'Copy link';
  const status = document.createElement('p');
  status.className = 'govuk-body';
  status.setAttribute('role', 'status');
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = 'Link copied';
    } catch {
      input.select();
      status.textContent = 'Select the link and copy it';
    }
  });
  slot.append(button, status);
}
