import { registerEventHandler } from '../dingtalk/events';
import { registerContactEventHandlers } from './contacts/events';
import { onApprovalEvent } from './flows/service';

let registered = false;

/**
 * Which module handles which DingTalk event. Called by every process that receives events: the API
 * (HTTP callbacks) and the workers (Stream mode).
 */
export function registerDomainEventHandlers(): void {
  if (registered) return;
  registered = true;
  registerContactEventHandlers();
  registerEventHandler('bpms_instance_change', onApprovalEvent);
}
