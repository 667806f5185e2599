import type { z } from 'zod';

/** One line per problem, each naming the field path, e.g. `evidence.0.sampledAt: Invalid ISO datetime`. */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
