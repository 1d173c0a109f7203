import { Module } from '@nestjs/common';
import { ListRejectionsController } from './list-rejections/list-rejections.controller';
import { ListRejections } from './list-rejections/list-rejections.usecase';
import { RejectionLog } from './rejection-log';

@Module({
  controllers: [ListRejectionsController],
  providers: [
    // use cases
    ListRejections,
    // write side (used by the webhook hot path)
    RejectionLog,
  ],
  exports: [RejectionLog],
})
export class RejectionsModule {}
