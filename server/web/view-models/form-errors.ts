// GraphQL errors into the GOV.UK error summary and error message patterns.
// A page names its form fields and the API argument paths they feed
// (extensions.field, e.g. ["input", "title"]); each error then shows in the
// summary at the top (linking to its field) and next to its field, and the
// page re-renders with what the user typed.
import type { OperationError } from '../operations.ts';

export interface FormField {
  /** The input's name and id in the form (the summary links to #id). */
  id: string;
  /** How the field is named in a message: "Email address" -> "Email address must not be empty". */
  label: string;
}

export interface ErrorSummaryItem {
  text: string;
  href?: string;
}

export interface FormErrors {
  /** For govukErrorSummary({ titleText, errorList: errors.summary }). */
  summary: ErrorSummaryItem[];
  /** For each field with an error: the errorMessage param of its macro ({ text }). */
  fields: Record<string, { text: string }>;
}

export const noErrors = (): FormErrors => ({ summary: [], fields: {} });

export const hasErrors = (e: FormErrors) => e.summary.length > 0;

/** Add one error for a field (first one per field wins, as GOV.UK shows one message per field). */
export function addFieldError(errors: FormErrors, field: FormField | string, text: string): FormErrors {
  const id = typeof field === 'string' ? field : field.id;
  if (!errors.fields[id]) {
    errors.fields[id] = { text };
    errors.summary.push({ text, href: `#${id}` });
  }
  return errors;
}

const sentence = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s).replace(/\.$/, '');

/** What the user sees for an error without a field of this form (or of an unexpected kind). */
export function generalMessage(e: OperationError): string {
  switch (e.extensions?.code) {
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Sign in again';
    case 'FORBIDDEN':
      return 'You cannot do this';
    case 'SERVICE_UNAVAILABLE':
    case 'TRY_AGAIN':
      return 'Sorry, there is a problem with the service. Try again later';
    case 'INTERNAL_SERVER_ERROR':
      return 'Sorry, there is a problem with the service';
    default:
      return sentence(e.message);
  }
}

/**
 * Map API errors onto a form. `fields` maps an argument path joined with "."
 * ("input.title", "input.slots.0.daysPerWeek", "email") to the form field. A
 * field error's text is "<label> <message>" unless `messages` gives one for
 * that path (GOV.UK style, e.g. "Enter a title"). Errors of other paths, or
 * with none, go in the summary only, linking to nothing.
 */
export function formErrorsFrom(
  errors: readonly OperationError[],
  fields: Record<string, FormField>,
  messages: Record<string, string> = {},
): FormErrors {
  const out = noErrors();
  for (const e of errors) {
    const path = (e.extensions?.field ?? []).join('.');
    const field = path ? fields[path] : undefined;
    if (field) {
      const raw = e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message;
      addFieldError(out, field, messages[path] ?? `${field.label} ${raw}`.replace(/\.$/, ''));
    } else {
      const text = generalMessage(e);
      if (!out.summary.some((s) => s.text === text)) out.summary.push({ text });
    }
  }
  return out;
}
