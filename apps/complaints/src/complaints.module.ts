import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@palembang/events';
import { EventSourcingModule, PlatformModule, ServiceConfig } from '@palembang/platform';

@Module({})
export class ComplaintsModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: ComplaintsModule,
      imports: [PlatformModule.forService({ config }), EventSourcingModule.forService({ topic: TOPICS.complaints })],
    };
  }
}
