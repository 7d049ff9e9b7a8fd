import { Type } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** The public routes the gateway forwards to the accountability service (metrics) and the dashboard it serves. */
export const METRICS_CONTROLLERS: Type<unknown>[] = [MetricsController];
