/** The effects an action's run takes as plain functions, so it knows nothing of the runner. */
import type { AuthDeps } from '../auth/credentials.ts';

export interface RunDeps extends AuthDeps {
  info: (message: string) => void;
  warning: (message: string) => void;
  debug: (message: string) => void;
}
