import { DynamicModule, InjectionToken, Module, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { InternalAssertionVerifier } from '../internal-assertion';
import { JwksKeySet } from '../key-set';
import { publishedRevocations } from '../revocations';
import { AccessTokenVerifier, TokenVerifier } from '../token-verifier';
import { AuthGuard } from './auth.guard';
import { AuthProblemFilter } from './auth-problem';
import { ACCESS_TOKEN_VERIFIER, INTERNAL_ASSERTION_VERIFIER } from './tokens';

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
  /** How many verified tokens to remember (TOKEN_CACHE_SIZE); the verifier's default when unset. */
  tokenCacheSize?: number;
  /** INTERNAL_ASSERTION_KEY: the gateway's assertions are accepted in place of its bearer token; unset, they are ignored. */
  internalAssertionKey?: KeyObject;
}

export interface AuthModuleOptions {
  /** Accept the gateway's assertions (X-Gateway-Assertion) signed with this key; without it they are ignored. */
  internalAssertionKey?: KeyObject;
}

/** Provides the AuthGuard and the verifier it uses, app-wide. */
@Module({})
export class AuthModule {
  static forVerifier(verifier: AccessTokenVerifier | AuthVerifierFactory, options: AuthModuleOptions = {}): DynamicModule {
    const provider =
      'verify' in verifier
        ? { provide: ACCESS_TOKEN_VERIFIER, useValue: verifier }
        : { provide: ACCESS_TOKEN_VERIFIER, useFactory: verifier.useFactory as (...args: unknown[]) => AccessTokenVerifier, inject: verifier.inject ?? [] };
    const assertions = options.internalAssertionKey ? [{ provide: INTERNAL_ASSERTION_VERIFIER, useValue: new InternalAssertionVerifier(options.internalAssertionKey) }] : [];
    return {
      module: AuthModule,
      global: true,
      imports: 'verify' in verifier ? [] : (verifier.imports ?? []),
      providers: [provider, ...assertions, AuthGuard, AuthProblemFilter],
      exports: [ACCESS_TOKEN_VERIFIER, ...assertions.map(({ provide }) => provide), AuthGuard, AuthProblemFilter],
    };
  }

  /**
   * A service verifying the forwarded token again against the gateway's
   * published keys and revocations, each fetched at most every 30 s (and the
   * keys at once for an unknown kid, at most every 10 s), or taking the
   * gateway's assertion instead when given the internal assertion key.
   */
  static forJwks(options: JwksVerifierOptions): DynamicModule {
    return AuthModule.forVerifier(
      new TokenVerifier({
        issuer: options.issuer,
        audience: options.audience,
        keys: new JwksKeySet({ url: options.jwksUrl }),
        revocations: publishedRevocations(options.revocationsUrl),
        verifiedTokenCacheSize: options.tokenCacheSize,
      }),
      { internalAssertionKey: options.internalAssertionKey },
    );
  }
}
