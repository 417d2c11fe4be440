import { execFile } from 'node:child_process';
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = join(ROOT, 'admin');

/**
 * The built admin board (admin/dist), built first when missing or older than its sources: into a folder of its own,
 * then moved into place, so two starts building at once each leave a whole build.
 */
export async function builtAdminPage(): Promise<string> {
  const dist = join(ADMIN, 'dist');
  const built = modified(join(dist, 'index.html'));
  if (built === undefined || built < newestSource()) {
    const fresh = `${dist}.${process.pid}`;
    await promisify(execFile)(
      'npm',
      ['run', '--silent', 'build', '-w', '@sportskk/admin', '--', '--outDir', fresh],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' } },
    );
    rmSync(dist, { recursive: true, force: true });
    renameSync(fresh, dist);
  }
  return dist;
}

function newestSource(): number {
  const sources = ['index.html', 'vite.config.ts', 'package.json'].map((file) => join(ADMIN, file));
  for (const entry of readdirSync(join(ADMIN, 'src'), { recursive: true, withFileTypes: true }))
    if (entry.isFile()) sources.push(join(entry.parentPath, entry.name));
  return Math.max(...sources.map((file) => modified(file) ?? 0));
}

function modified(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
