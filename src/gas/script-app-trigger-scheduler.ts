/**
 * Time triggers, one per handler: Apps Script allows 20 triggers per user per
 * script (developers.google.com/apps-script/guides/services/quotas), and a
 * trigger storm is the classic way to reach that.
 */
import type { TriggerSchedulerPort } from './gas-ports';

export class ScriptAppTriggerScheduler implements TriggerSchedulerPort {
  constructor(private readonly scriptApp: GoogleAppsScript.Script.ScriptApp = ScriptApp) {}

  /** Replaces any trigger for `handler` with one that fires once, `afterMs` from now. */
  scheduleOnce(handler: string, afterMs: number): void {
    this.cancel(handler);
    this.scriptApp.newTrigger(handler).timeBased().after(afterMs).create();
  }

  /**
   * Replaces any trigger for `handler` with one every hour: the most often an
   * add-on may run a time-driven trigger (installable triggers guide, Restrictions).
   */
  scheduleHourly(handler: string): void {
    this.cancel(handler);
    this.scriptApp.newTrigger(handler).timeBased().everyHours(1).create();
  }

  /** Replaces any trigger for `handler` with a weekly one at `day` (0 = Sunday) and `hour` in the user's zone. */
  scheduleWeekly(handler: string, day: number, hour: number, timeZone: string): void {
    this.cancel(handler);
    const weekDays = [
      this.scriptApp.WeekDay.SUNDAY,
      this.scriptApp.WeekDay.MONDAY,
      this.scriptApp.WeekDay.TUESDAY,
      this.scriptApp.WeekDay.WEDNESDAY,
      this.scriptApp.WeekDay.THURSDAY,
      this.scriptApp.WeekDay.FRIDAY,
      this.scriptApp.WeekDay.SATURDAY,
    ];
    this.scriptApp
      .newTrigger(handler)
      .timeBased()
      .everyWeeks(1)
      .onWeekDay(weekDays[day]!)
      .atHour(hour)
      .inTimezone(timeZone)
      .create();
  }

  cancel(handler: string): number {
    let removed = 0;
    for (const trigger of this.scriptApp.getProjectTriggers()) {
      if (trigger.getHandlerFunction() === handler) {
        this.scriptApp.deleteTrigger(trigger);
        removed += 1;
      }
    }
    return removed;
  }

  count(handler: string): number {
    return this.scriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === handler).length;
  }
}
