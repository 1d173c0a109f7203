import { Type } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, ValidateNested } from 'class-validator';
import { IntegrationEvent, registerEvent } from '../event';

export class UserChangedData {
  @IsString() @IsNotEmpty() id!: string;
  @IsString() @IsNotEmpty() tenantId!: string;
  @IsString() name!: string;
  @IsOptional() @IsString() email?: string | null;
  /** Profile name as Uplaces spells it, e.g. 'Integração'. */
  @IsString() @IsNotEmpty() profile!: string;
  @IsBoolean() active!: boolean;
}

/** Published by Uplaces' user service whenever a user is created, changed or deactivated. */
export class UserChangedV1 extends IntegrationEvent<UserChangedData> {
  static readonly type = 'users.user.changed.v1';
  @ValidateNested() @Type(() => UserChangedData) data!: UserChangedData;
}
registerEvent(UserChangedV1);
