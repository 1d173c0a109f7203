import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { OrderStatusChangedV1 } from '@app/contracts';
import { DispatchOrderUseCase } from './dispatch-order.usecase';

/** Consumes Uplaces' order status changes. A thrown error retries along the ladder (transient Tiny failures). */
@Controller()
export class DispatchOrderMessageController {
  constructor(private readonly useCase: DispatchOrderUseCase) {}

  @EventPattern(OrderStatusChangedV1.type)
  async onStatusChanged(@Payload() event: OrderStatusChangedV1): Promise<void> {
    await this.useCase.execute(event);
  }
}
