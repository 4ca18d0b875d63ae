/**
 * The parts of an add-on event object Reconnect reads, whichever shape Gmail
 * sends: the Workspace add-on fields (commonEventObject, gmail) first, the
 * older Gmail add-on fields (parameters, formInput(s), userTimezone,
 * messageMetadata, draftMetadata) as a fallback.
 * Source: developers.google.com/workspace/add-ons/concepts/event-objects.
 */
import { FORM_PARAMETER_PREFIX } from './build-card-action';

export interface AddonEvent {
  /** The clicked Action's parameters; {} for a trigger. */
  parameters: Readonly<Record<string, string>>;
  /** Every value of a form input, or, on a Retry, the value the failed attempt carried over. */
  formValues(name: string): string[];
  /** Every form input the event carries, by field name. */
  form: Readonly<Record<string, string[]>>;
  /** The open message (contextual trigger, and actions on its card). */
  messageId: string | null;
  /** The draft's To recipients (compose trigger and its actions, with draftAccess METADATA); null when the event has none. */
  toRecipients: string[] | null;
  /** The user's IANA zone (with useLocaleFromApp); null when the event has none. */
  timeZone: string | null;
  locale: string | null;
}

type StringMap = Record<string, unknown>;

export function readAddonEvent(e: unknown): AddonEvent {
  const event = toMap(e);
  const common = toMap(event.commonEventObject);
  const gmail = toMap(event.gmail);
  const parameters: Record<string, string> = {};
  for (const source of [toMap(event.parameters), toMap(common.parameters)]) {
    for (const [key, value] of Object.entries(source)) if (typeof value === 'string') parameters[key] = value;
  }
  const form: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (key.startsWith(FORM_PARAMETER_PREFIX)) form[key.slice(FORM_PARAMETER_PREFIX.length)] = value.split('\n');
  }
  for (const [name, value] of Object.entries(toMap(event.formInput))) if (typeof value === 'string') form[name] = [value];
  for (const [name, value] of Object.entries(toMap(event.formInputs))) if (Array.isArray(value)) form[name] = keepStrings(value);
  for (const [name, value] of Object.entries(toMap(common.formInputs))) {
    const values = toMap(toMap(value).stringInputs).value;
    if (Array.isArray(values)) form[name] = keepStrings(values);
  }
  const formValues = (name: string): string[] => form[name] ?? [];
  const draft = toMap(event.draftMetadata);
  const recipients = Array.isArray(gmail.toRecipients) ? gmail.toRecipients : Array.isArray(draft.toRecipients) ? draft.toRecipients : null;
  return {
    parameters,
    formValues,
    form,
    messageId: readTextOrNull(gmail.messageId) ?? readTextOrNull(toMap(event.messageMetadata).messageId),
    toRecipients: recipients === null ? null : keepStrings(recipients),
    timeZone: readTextOrNull(toMap(common.timeZone).id) ?? readTextOrNull(toMap(event.userTimezone).id),
    locale: readTextOrNull(common.userLocale) ?? readTextOrNull(event.userLocale),
  };
}

function toMap(value: unknown): StringMap {
  return value !== null && typeof value === 'object' ? (value as StringMap) : {};
}

function keepStrings(values: readonly unknown[]): string[] {
  return values.filter((v): v is string => typeof v === 'string');
}

function readTextOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
