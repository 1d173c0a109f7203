import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, throwError, type Observable } from 'rxjs';
import { EventsContext } from './events-context';

/**
 * Nest's default RPC exception filter replaces unknown errors with "Internal server error"; this keeps
 * the original error on the EventsContext so the dead letter records the real cause. No effect on HTTP.
 */
@Injectable()
export class EventErrorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const ctx: unknown = context.switchToRpc().getContext();
    if (!(ctx instanceof EventsContext)) return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => {
        ctx.error = error;
        return throwError(() => error);
      }),
    );
  }
}
