import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type Request } from 'express';
import { Strategy } from 'passport-local';
import { type UserEntity } from '../users/user.entity';
import { AuthService } from './auth.service';

/** passport-local over `{ email, password }` (already validated by the login guard). */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  async validate(request: Request, email: string, password: string): Promise<UserEntity | false> {
    return (await this.auth.verifyCredentials(email, password, request.ip ?? null)) ?? false;
  }
}
