// Reading form fields into the contract's types without casts.

/** A form field's value if it is one of `allowed` (a <select>'s options), else undefined. */
export function oneOf<T extends string>(allowed: readonly T[], value: string): T | undefined {
  return allowed.find((a) => a === value);
}
