import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TinyNotaFiscalReceivedV1 } from '@app/contracts';
import { InvoiceUseCase } from './invoice.usecase';

@Controller()
export class InvoiceMessageController {
  constructor(private readonly useCase: InvoiceUseCase) {}

  @EventPattern(TinyNotaFiscalReceivedV1.type)
  async on(@Payload() event: TinyNotaFiscalReceivedV1): Promise<void> {
    await this.useCase.execute(event);
  }
}
