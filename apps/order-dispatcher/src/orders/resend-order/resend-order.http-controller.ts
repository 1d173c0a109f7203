import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { ResendOrderUseCase } from './resend-order.usecase';

@Controller('ops/orders')
@UseGuards(JwtAuthGuard)
export class ResendOrderHttpController {
  constructor(private readonly useCase: ResendOrderUseCase) {}

  /** Sends a failed order again (after its cause was fixed); 409 when there is nothing to resend. */
  @Post(':orderId/resend')
  @HttpCode(200)
  resend(@CurrentActor() actor: Actor, @Param('orderId') orderId: string) {
    return this.useCase.execute(actor.tenantId, orderId, actor.userId);
  }
}
