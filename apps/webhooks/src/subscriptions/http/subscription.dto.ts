import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto, PageQuery } from '@palembang/http';
import { MAX_ENDPOINT_LENGTH, MAX_EVENT_TYPES, MAX_ROTATION_OVERLAP_SECONDS, WEBHOOK_EVENT_TYPE } from '@palembang/webhooks-domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const EVENT_TYPES_DESCRIPTION = '`<area>.<EventType>` or `<area>.*` (area: permits, complaints, training, accountability), each readable with the client\'s scopes (permits:read, complaints:read, surveys:read for Survey* events, training:read, metrics:read for accountability alerts; the agency register\'s Agency* events with any scope)';

export class CreateWebhookSubscriptionDto {
  @ApiProperty({ type: String, minLength: 8, maxLength: MAX_ENDPOINT_LENGTH, example: 'https://sistem.dpmptsp.palembang.go.id/webhooks', description: 'An https URL; its host must resolve to public addresses only' })
  @IsString()
  @MinLength(8)
  @MaxLength(MAX_ENDPOINT_LENGTH)
  url!: string;

  @ApiProperty({ type: String, isArray: true, minItems: 1, maxItems: MAX_EVENT_TYPES, items: { type: 'string', pattern: WEBHOOK_EVENT_TYPE.source, maxLength: 100 }, example: ['permits.ApplicationSubmitted'], description: EVENT_TYPES_DESCRIPTION })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENT_TYPES)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Matches(WEBHOOK_EVENT_TYPE, { each: true, message: 'each event type must be <area>.<EventType> or <area>.*' })
  eventTypes!: string[];

  @ApiPropertyOptional({ type: String, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class UpdateWebhookSubscriptionDto {
  @ApiPropertyOptional({ type: String, minLength: 8, maxLength: MAX_ENDPOINT_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(MAX_ENDPOINT_LENGTH)
  url?: string;

  @ApiPropertyOptional({ type: String, isArray: true, minItems: 1, maxItems: MAX_EVENT_TYPES, items: { type: 'string', pattern: WEBHOOK_EVENT_TYPE.source, maxLength: 100 }, description: EVENT_TYPES_DESCRIPTION })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENT_TYPES)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Matches(WEBHOOK_EVENT_TYPE, { each: true, message: 'each event type must be <area>.<EventType> or <area>.*' })
  eventTypes?: string[];

  @ApiPropertyOptional({ type: String, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'false disables deliveries; true enables them again (also after the service disabled a failing endpoint)' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_ROTATION_OVERLAP_SECONDS, default: 86_400, description: 'How long deliveries are signed with the previous secret too' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ROTATION_OVERLAP_SECONDS)
  overlapSeconds?: number;
}

export class WebhookSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ description: 'Receives the events of every agency (created with agencies:all)' }) allAgencies!: boolean;
  @ApiProperty() url!: string;
  @ApiProperty({ type: String, isArray: true }) eventTypes!: string[];
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: 'active' | 'disabled';
  @ApiPropertyOptional({ enum: ['by-client', 'failing'], nullable: true }) disabledReason!: 'by-client' | 'failing' | null;
  @ApiProperty({ type: 'integer', description: 'Failed deliveries in a row' }) failuresInRow!: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Until when the previous secret also signs' }) previousSecretUntil!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
}

export class WebhookSubscriptionPageDto extends PageDto {
  @ApiProperty({ type: WebhookSubscriptionDto, isArray: true }) items!: WebhookSubscriptionDto[];
}

export class WebhookSecretDto {
  @ApiProperty({ description: 'The signing secret (whsec_...), as the Standard Webhooks libraries take it' }) secret!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Until when the previous secret also signs' }) previousSecretUntil!: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'The webhook-id header of the delivery' }) deliveryId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: 'pending' | 'delivered' | 'failed';
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true }) lastStatusCode!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
}

export class WebhookDeliveryPageDto extends PageDto {
  @ApiProperty({ type: WebhookDeliveryDto, isArray: true }) items!: WebhookDeliveryDto[];
}

export class ListDeliveriesQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: 'pending' | 'delivered' | 'failed';
}
