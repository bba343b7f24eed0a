/** The Viva Engage status for a person: what is set up and whether the service account's login works. */
import type { Actor } from '../registry/registry-types.js';
import type { EngageLoginStatus } from './engage-repository.js';
import { ENGAGE_MENU_LINE, engageStatusView, type EngageSetup, type EngageStatusView } from './engage-status.js';

export interface EngageStatusServiceDeps {
  setup: EngageSetup;
  /** The stored login status; absent when Engage is not configured. */
  loginStatus: (() => Promise<EngageLoginStatus>) | null;
}

export class EngageStatusService {
  constructor(private readonly deps: EngageStatusServiceDeps) {}

  async view(actor: Actor): Promise<EngageStatusView> {
    return engageStatusView(actor, this.deps.setup, await this.login());
  }

  /** The secretariat's line under the menu; nothing for anyone else. */
  async menuLines(actor: Actor): Promise<string[]> {
    if (!actor.secretariat) return [];
    return [ENGAGE_MENU_LINE[this.deps.setup.configured ? await this.login() : 'off']];
  }

  private login(): Promise<EngageLoginStatus> {
    return this.deps.loginStatus ? this.deps.loginStatus() : Promise.resolve('missing');
  }
}
