// Golden files: compared, never silently written. UPDATE_GOLDEN=1 rewrites them; a missing one fails with the command.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

function read(path: string, testFile: string): string {
  if (!existsSync(path))
    throw new Error(
      `golden file ${relative(process.cwd(), path)} is missing: write it with UPDATE_GOLDEN=1 npx vitest run ${relative(process.cwd(), testFile)}`,
    );
  return readFileSync(path, 'utf8');
}

/** The golden JSON file's content, after writing `actual` to it when UPDATE_GOLDEN is set. */
export function golden(path: string, actual: unknown, testFile: string): unknown {
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, JSON.stringify(actual, null, 1) + '\n');
  return JSON.parse(read(path, testFile));
}

/** The golden text file's content, after writing `actual` to it when UPDATE_GOLDEN is set. */
export function goldenText(path: string, actual: string, testFile: string): string {
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  return read(path, testFile);
}
