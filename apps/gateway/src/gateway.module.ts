import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, ServiceConfig } from '@palembang/platform';

@Module({})
export class GatewayModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return { module: GatewayModule, imports: [PlatformModule.forService({ config })] };
  }
}
