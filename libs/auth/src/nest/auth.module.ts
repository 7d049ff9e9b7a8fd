import { DynamicModule, InjectionToken, Module, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import { JwksKeySet } from '../key-set';
import { publishedRevocations } from '../revocations';
import { AccessTokenVerifier, TokenVerifier } from '../token-verifier';
import { AuthGuard } from './auth.guard';
import { AuthProblemFilter } from './auth-problem';
import { ACCESS_TOKEN_VERIFIER } from './tokens';

export interface AuthVerifierFactory {
  useFactory: (...dependencies: never[]) => AccessTokenVerifier | Promise<AccessTokenVerifier>;
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** Modules exporting what `inject` names. */
  imports?: ModuleMetadata['imports'];
}

export interface JwksVerifierOptions {
  /** The gateway's `/.well-known/jwks.json`. */
  jwksUrl: string;
  /** The gateway's `/.well-known/revocations.json`: revoked clients and rotated secrets. */
  revocationsUrl: string;
  issuer: string;
  audience: string;
}

/** Provides the AuthGuard and the verifier it uses, app-wide. */
@Module({})
export class AuthModule {
  static forVerifier(verifier: AccessTokenVerifier | AuthVerifierFactory): DynamicModule {
    const provider =
      'verify' in verifier
        ? { provide: ACCESS_TOKEN_VERIFIER, useValue: verifier }
        : { provide: ACCESS_TOKEN_VERIFIER, useFactory: verifier.useFactory as (...args: unknown[]) => AccessTokenVerifier, inject: verifier.inject ?? [] };
    return {
      module: AuthModule,
      global: true,
      imports: 'verify' in verifier ? [] : (verifier.imports ?? []),
      providers: [provider, AuthGuard, AuthProblemFilter],
      exports: [ACCESS_TOKEN_VERIFIER, AuthGuard, AuthProblemFilter],
    };
  }

  /**
   * A service verifying the forwarded token again against the gateway's
   * published keys and revocations, each fetched at most every 30 s (and the
   * keys at once for an unknown kid, at most every 10 s).
   */
  static forJwks(options: JwksVerifierOptions): DynamicModule {
    return AuthModule.forVerifier(
      new TokenVerifier({
        issuer: options.issuer,
        audience: options.audience,
        keys: new JwksKeySet({ url: options.jwksUrl }),
        revocations: publishedRevocations(options.revocationsUrl),
      }),
    );
  }
}
