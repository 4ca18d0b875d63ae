/** `reconnect apply --gmail`: the plan, printed; with --yes, carried out. */
import { DEFAULT_SETTINGS, type PolicySettings } from '../core/settings';
import { applyGmail } from './apply-gmail';
import { createGmailCaller } from './create-gmail-caller';
import { explainGmailError } from './explain-gmail-error';
import { formatGmailPlan } from './format-gmail-plan';
import { GmailApiDrafter } from './gmail-api-drafter';
import { GmailApiLabeler } from './gmail-api-labeler';
import { resolveUserDirs } from './resolve-user-dirs';
import { resolveWithSources } from './run-gmail-scan';
import { FilePeopleSourcesStore } from './sync-google-people';
import { loadBundledTemplates } from './load-bundled-templates';
import { openGmailCommand } from './open-gmail-command';
import type { GmailCommandIo } from './run-gmail-scan';

export interface RunGmailApplyOptions {
  yes: boolean;
  /** Judge lapses as of this time (ms). */
  now: number;
  /** Reconnect drafts at most; default the weekly batch size. */
  limit?: number;
  env?: NodeJS.ProcessEnv;
  /** Default DEFAULT_POLICY; the CLI's --min-gap lands here. */
  policy?: PolicySettings;
}

/** Returns the printed plan. */
export async function runGmailApply(options: RunGmailApplyOptions, io: GmailCommandIo): Promise<string> {
  const { session, store, lock } = openGmailCommand(options.env ?? process.env, 'modify', io);
  try {
    const call = createGmailCaller();
    const result = await applyGmail(
      {
        labeler: new GmailApiLabeler(session.gmail, call),
        drafter: new GmailApiDrafter(session.gmail, call),
        store,
        templates: loadBundledTemplates(),
        now: io.now,
      },
      {
        now: options.now,
        limit: options.limit ?? DEFAULT_SETTINGS.draftsPerWeek,
        yes: options.yes,
        ...(options.policy === undefined ? {} : { policy: options.policy }),
        // What the last scan --gmail read of your calendar and contacts: nobody you met yesterday is drafted to.
        people: (ledger) => resolveWithSources(ledger, new FilePeopleSourcesStore(resolveUserDirs(options.env ?? process.env).data).load(), DEFAULT_SETTINGS, options.now).ledger,
      },
    );
    return formatGmailPlan(result);
  } catch (error) {
    throw explainGmailError(error, options.yes ? 'reconnect apply --gmail --yes' : 'reconnect apply --gmail');
  } finally {
    lock.release();
  }
}
