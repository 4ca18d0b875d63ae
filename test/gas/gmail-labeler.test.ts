/** The Apps Script labeler batches by what users.messages.batchModify takes, not by GmailApp's 100 threads. */
import { BATCH_MODIFY_MAX_IDS } from '../../src/core/plan-labels';
import { buildTypicalMailbox } from './addon-fixtures';
import { newGoogle, runExecution } from './gas-harness';

describe('GmailLabeler.apply', () => {
  it('sends 2,500 ids in three batchModify calls of at most 1,000, each accepted by the fake', () => {
    const google = newGoogle(buildTypicalMailbox().box);
    const labelId = google.Gmail.seedLabel('Reconnect/Lapsed');
    const refs = Array.from({ length: 2500 }, (_, i) => ({ id: `m${i}`, threadId: `t${i}` }));
    const before = google.log.count('gmail.users.messages.batchModify');
    const run = runExecution(google, (rt) => rt.labeler.apply(labelId, { add: refs, remove: [] }));
    expect(run.error).toBeUndefined();
    const calls = google.log.count('gmail.users.messages.batchModify') - before;
    expect(BATCH_MODIFY_MAX_IDS).toBe(1000);
    expect(calls).toBe(3);
  });
});
