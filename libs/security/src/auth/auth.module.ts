import {
  CanActivate,
  DynamicModule,
  ExecutionContext,
  ForbiddenException,
  Global,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { normaliseProfile, type Actor } from './actor';
import { createTokenVerifier, type AuthOptions, type TokenVerifier } from './jwt';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
const PROFILES_KEY = 'security:requiredProfiles';

interface RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/** Restricts a handler (or controller) to callers whose profile is one of `profiles`; others get 403. */
export const RequireProfile = (...profiles: string[]) => SetMetadata(PROFILES_KEY, profiles.map(normaliseProfile));

/** The verified caller; only valid behind JwtAuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new UnauthorizedException('Autenticação necessária');
  return actor;
});

/** 401 without a valid bearer token; 403 when @RequireProfile does not match the token's profile. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    const header = req.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
    if (!match) throw new UnauthorizedException('Token de acesso ausente');
    try {
      req.actor = await this.verify(match[1]);
    } catch {
      throw new UnauthorizedException('Token de acesso inválido ou expirado');
    }
    const required = this.reflector.getAllAndOverride<string[] | undefined>(PROFILES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (required?.length && !required.includes(normaliseProfile(req.actor.profile))) {
      throw new ForbiddenException('Seu perfil não tem permissão para esta ação');
    }
    return true;
  }
}

@Global()
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TOKEN_VERIFIER, useValue: createTokenVerifier(options) }, JwtAuthGuard],
      exports: [TOKEN_VERIFIER, JwtAuthGuard],
    };
  }
}
