import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@palembang/events';
import { EventSourcingModule, PlatformModule, ServiceConfig } from '@palembang/platform';

@Module({})
export class PermitsModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: PermitsModule,
      imports: [PlatformModule.forService({ config }), EventSourcingModule.forService({ topic: TOPICS.permits })],
    };
  }
}
