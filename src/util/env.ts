/** Shared types at the bottom of the house: what every layer may import. */

/** The process environment, or a test's stand-in for it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Returns the input's value, or '' when it is not set (what `core.getInput` does). */
export type ReadInput = (name: string) => string;
