import { DynamicModule, Module } from '@nestjs/common';
import { AgencyRegister } from './agency-register';
import { AgencyRegisterFollower } from './agency-register-follower';

/**
 * A service's copy of the agency register: add `AgencyRegisterCopy1796200000000` to its migrations and
 * import this module; inject AgencyRegister to refuse records naming an agency the register does not hold.
 */
@Module({})
export class AgencyRegisterModule {
  static forService(): DynamicModule {
    return { module: AgencyRegisterModule, providers: [AgencyRegister, AgencyRegisterFollower], exports: [AgencyRegister] };
  }
}
