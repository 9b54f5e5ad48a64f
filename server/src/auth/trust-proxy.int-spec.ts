import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../test/app';
import { buildUser } from '../../test/factories';
import { anonymousAgent } from '../../test/http';

/**
 * PEEL_TRUST_PROXY decides whose `X-Forwarded-For` names the client IP (login limits, audit):
 * by default only a proxy on loopback is believed; a peer outside the trusted list is its own
 * client, whatever header it sends. Seen in the IP a failed login is audited with. The apps are
 * made one after the other (two at once in one process would share passport).
 */
const FORWARDED = '203.0.113.7';

async function failedLoginIp(trustProxy?: string): Promise<string | null> {
  const app: NestExpressApplication = await createTestApp(trustProxy ? { trustProxy } : {});
  try {
    const dataSource = app.get(DataSource);
    const user = await buildUser(dataSource);
    const { agent, csrf } = await anonymousAgent(app);
    await agent
      .post('/api/auth/login')
      .set('X-CSRF-Token', csrf)
      .set('X-Forwarded-For', FORWARDED)
      .send({ email: user.email, password: 'not the password' })
      .expect(401);
    const [event] = await dataSource.query(
      `SELECT ip FROM audit_event WHERE action = 'auth.login_failed' AND target_id = $1`,
      [String(user.user.id)],
    );
    return event.ip;
  } finally {
    await app.close();
  }
}

describe('PEEL_TRUST_PROXY', () => {
  it('believes X-Forwarded-For from a proxy on loopback by default', async () => {
    expect(await failedLoginIp()).toBe(FORWARDED);
  });

  it('ignores it from a peer it does not trust: the peer is the client', async () => {
    const ip = await failedLoginIp('10.0.0.0/8, uniquelocal');
    expect(ip).not.toBe(FORWARDED);
    expect(ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });
});
