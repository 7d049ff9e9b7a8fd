import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, ServiceConfig } from '@palembang/platform';

@Module({})
export class AccountabilityModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return { module: AccountabilityModule, imports: [PlatformModule.forService({ config })] };
  }
}
