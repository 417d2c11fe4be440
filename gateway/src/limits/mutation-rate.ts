import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Mutations per identity per minute, in this process (each gateway replica counts its own): an operation with
 * `mutations` root fields uses that many. Resolves when the call may go on; otherwise with how many seconds to wait.
 */
export function mutationRateLimit(
  perMinute: number,
): (
  subject: string,
  mutations: number,
) => Promise<{ readonly retryAfterSeconds: number } | undefined> {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return async (subject, mutations) => {
    try {
      await limiter.consume(subject, mutations);
      return undefined;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        return { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      throw rejection;
    }
  };
}
