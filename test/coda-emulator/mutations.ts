// Coda applies row writes asynchronously: the API answers 202 with a requestId at once and the
// change lands later; GET /mutationStatus/{requestId} says when.
import { randomUUID } from 'node:crypto';

export interface MutationStatus {
	completed: boolean;
	warning?: string;
}

export class MutationQueue {
	private readonly status = new Map<string, MutationStatus>();
	private readonly pending = new Set<NodeJS.Timeout | NodeJS.Immediate>();
	private readonly waiters: Array<() => void> = [];

	constructor(private readonly delayMs: number) {}

	/** Queues `apply` (after `delayMs`, default the queue's delay) and returns the request id to answer with. */
	enqueue(apply: () => string[], delayMs = this.delayMs): string {
		const requestId = `mutate:${randomUUID()}`;
		this.status.set(requestId, { completed: false });
		const run = () => {
			this.pending.delete(handle);
			const warnings = apply();
			this.status.set(requestId, { completed: true, ...(warnings.length ? { warning: warnings.join('; ') } : {}) });
			if (this.pending.size === 0) this.waiters.splice(0).forEach((resolve) => resolve());
		};
		const handle = delayMs > 0 ? setTimeout(run, delayMs) : setImmediate(run);
		this.pending.add(handle);
		return requestId;
	}

	get(requestId: string): MutationStatus | undefined {
		return this.status.get(requestId);
	}

	/** Resolves once every queued write has been applied. */
	settled(): Promise<void> {
		return this.pending.size === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
	}

	/** Drops writes not applied yet (the emulator is closing). */
	cancel(): void {
		for (const handle of this.pending) {
			clearTimeout(handle as NodeJS.Timeout);
			clearImmediate(handle as NodeJS.Immediate);
		}
		this.pending.clear();
		this.waiters.splice(0).forEach((resolve) => resolve());
	}
}
