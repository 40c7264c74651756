// The operational endpoints' answers: /healthz and /readyz say their status; /metrics is text.
export const statusSchema = { type: 'object', properties: { status: { type: 'string' } } } as const;

export const metricsTextSchema = { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } as const;
