import { Injectable, NotFoundException, ConflictException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderDriver, type DriveResult } from '../dispatch-order/order-driver';
import { OrderHistory } from '../history/order-history.repository';
import { OrderLinks } from '../order-links.repository';

/**
 * The ops "resend" button: a failed order goes back to pending (or a refused status change is tried
 * again) and is driven now. Exactly-once still holds: an open attempt searches Tiny first.
 */
@Injectable()
export class ResendOrderUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly links: OrderLinks,
    private readonly history: OrderHistory,
    private readonly driver: OrderDriver,
  ) {}

  async execute(tenantId: string, orderId: string, userId: string): Promise<{ result: DriveResult; state: string }> {
    await this.dataSource.transaction(async (m) => {
      const link = await this.links.get(tenantId, orderId, m, true);
      if (!link) throw new NotFoundException('Pedido não encontrado');
      if (link.state === 'sent' && !link.statusFailedFor) throw new ConflictException('Pedido já foi enviado ao Tiny');
      if (link.state === 'cancelled') throw new ConflictException('Pedido cancelado antes do envio não é reenviado');
      if (link.state === 'waiting') throw new ConflictException('Pedido ainda não atingiu o status de envio');
      await this.links.update(m, tenantId, orderId, {
        state: link.state === 'failed' ? 'pending' : link.state,
        statusFailedFor: null,
        failureReason: null,
        failureKind: null,
        nextAttemptAt: null,
      });
      await this.history.add(m, tenantId, orderId, 'ops', 'Reenvio solicitado', { userId });
    });
    const result = await this.driver.drive(tenantId, orderId, 'scheduler');
    const link = await this.links.get(tenantId, orderId);
    return { result, state: link?.state ?? 'unknown' };
  }
}
