import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@palembang/events';
import { EventSourcingModule, PlatformModule, ServiceConfig } from '@palembang/platform';

@Module({})
export class TrainingModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: TrainingModule,
      imports: [PlatformModule.forService({ config }), EventSourcingModule.forService({ topic: TOPICS.training })],
    };
  }
}
