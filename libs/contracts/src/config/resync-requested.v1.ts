import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, ValidateNested } from 'class-validator';
import { IntegrationEvent, registerEvent } from '../event';

/** Envelope tenantId `*` = every tenant; otherwise only that tenant (and only `integrationId` when set). */
export const ALL_TENANTS = '*';

export class ResyncRequestedData {
  /** The service (or person) asking, for the logs. */
  @IsString() @IsNotEmpty() requestedBy!: string;
  @IsOptional() @IsString() reason?: string;
}

/** Any service may publish it (e.g. a fresh replica); config answers by re-publishing config.integration.changed.v1. */
export class ResyncRequestedV1 extends IntegrationEvent<ResyncRequestedData> {
  static readonly type = 'config.resync.requested.v1';
  @ValidateNested() @Type(() => ResyncRequestedData) data!: ResyncRequestedData;
}
registerEvent(ResyncRequestedV1);
