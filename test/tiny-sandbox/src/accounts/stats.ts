// Calls per account, per service, by result ('OK', a codigo_erro, 'http503', 'timeout', 'drop').

export interface ServiceCalls {
  total: number;
  byResult: Record<string, number>;
}

export interface CallsSnapshot extends ServiceCalls {
  byService: Record<string, ServiceCalls>;
}

export class CallStats {
  private total = 0;
  private byResult: Record<string, number> = {};
  private byService = new Map<string, ServiceCalls>();

  record(service: string, result: string): void {
    this.total++;
    this.byResult[result] = (this.byResult[result] ?? 0) + 1;
    let s = this.byService.get(service);
    if (!s) {
      s = { total: 0, byResult: {} };
      this.byService.set(service, s);
    }
    s.total++;
    s.byResult[result] = (s.byResult[result] ?? 0) + 1;
  }

  snapshot(): CallsSnapshot {
    const byService: Record<string, ServiceCalls> = {};
    for (const [k, v] of this.byService) byService[k] = { total: v.total, byResult: { ...v.byResult } };
    return { total: this.total, byResult: { ...this.byResult }, byService };
  }

  reset(): void {
    this.total = 0;
    this.byResult = {};
    this.byService.clear();
  }
}
